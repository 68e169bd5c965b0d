/**
 * Generator configuration, with the nexmark project's defaults (`NexmarkConfiguration`). Every
 * value is plain data so a `NexmarkSource` built from it can be recreated identically in every
 * worker. Job files read it from their arguments (`--events.num 1000000 --events.per-second
 * 10000000 --seed 42`), the names of the nexmark source options.
 */
import { parseArgs } from "node:util";

export interface GeneratorConfig {
  /** Seed of the deterministic generator: same seed, same events. */
  readonly seed: number;
  /** Events to generate; 0 means unbounded. */
  readonly numEvents: number;
  /** Event-time rate: event `n` is stamped `baseTime + n / eventsPerSecond` seconds. */
  readonly eventsPerSecond: number;
  /** Event time of event number 0 (ms since epoch). Fixed so that runs are repeatable. */
  readonly baseTime: number;
  /** Offset added to every event number to form the event id that drives id assignment. */
  readonly firstEventId: number;
  readonly personProportion: number;
  readonly auctionProportion: number;
  readonly bidProportion: number;
  readonly avgPersonByteSize: number;
  readonly avgAuctionByteSize: number;
  readonly avgBidByteSize: number;
  /** Bids go to a hot auction with probability 1 - 1/hotAuctionRatio. */
  readonly hotAuctionRatio: number;
  /** Auctions belong to a hot seller with probability 1 - 1/hotSellersRatio. */
  readonly hotSellersRatio: number;
  /** Bids come from a hot bidder with probability 1 - 1/hotBiddersRatio. */
  readonly hotBiddersRatio: number;
  /** Auctions considered in flight when a bid picks a random auction. */
  readonly numInFlightAuctions: number;
  /** People considered active when an auction or bid picks a random person. */
  readonly numActivePeople: number;
  /**
   * When true, readers emit an event only once its wall-clock due time (relative to the reader's
   * start, at `eventsPerSecond`) has passed; when false (the default) they emit at full speed.
   */
  readonly rateLimited: boolean;
}

export const DEFAULT_CONFIG: GeneratorConfig = {
  seed: 42,
  numEvents: 0,
  eventsPerSecond: 10_000_000,
  baseTime: Date.UTC(2024, 0, 1),
  firstEventId: 0,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  numInFlightAuctions: 100,
  numActivePeople: 1000,
  rateLimited: false,
};

/** The defaults with `overrides` applied. */
export function generatorConfig(overrides: Partial<GeneratorConfig> = {}): GeneratorConfig {
  const config = { ...DEFAULT_CONFIG, ...overrides };
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === "number" && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`nexmark: ${key} must be a non-negative integer, got ${value}`);
    }
  }
  if (config.eventsPerSecond <= 0) throw new RangeError("nexmark: events.per-second must be positive");
  return config;
}

/** Arguments of a Nexmark job file: the generator settings plus where the sink reports. */
export interface NexmarkJobArgs {
  readonly config: GeneratorConfig;
  /** File the counting sink appends its per-subtask summary to (JSON lines), if any. */
  readonly report: string | undefined;
}

/** Parses `--events.num N --events.per-second R --seed S [--rate-limited] [--report FILE]`. */
export function parseNexmarkArgs(args: readonly string[]): NexmarkJobArgs {
  const { values } = parseArgs({
    args: [...args],
    options: {
      "events.num": { type: "string" },
      "events.per-second": { type: "string" },
      seed: { type: "string" },
      "rate-limited": { type: "boolean" },
      report: { type: "string" },
    },
    strict: true,
  });
  const overrides: { -readonly [K in keyof GeneratorConfig]?: GeneratorConfig[K] } = {};
  if (values["events.num"] !== undefined) overrides.numEvents = Number(values["events.num"]);
  if (values["events.per-second"] !== undefined)
    overrides.eventsPerSecond = Number(values["events.per-second"]);
  if (values.seed !== undefined) overrides.seed = Number(values.seed);
  if (values["rate-limited"] === true) overrides.rateLimited = true;
  return { config: generatorConfig(overrides), report: values.report };
}
