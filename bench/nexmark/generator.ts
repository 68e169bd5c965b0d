/**
 * The Nexmark event generator, faithful to the nexmark project's generator
 * (`NexmarkGenerator`, `PersonGenerator`, `AuctionGenerator`, `BidGenerator`, `PriceGenerator`):
 *
 * - event id = `firstEventId + eventNumber`; id mod 50 picks the kind: 1 person, 3 auctions, 46
 *   bids per 50 events (the configured proportions);
 * - people and auctions get consecutive ids from 1000 (derived from the event id, so no state);
 *   auctions pick a seller among the recent "hot" sellers (probability 1 - 1/hotSellersRatio) or
 *   among the `numActivePeople` most recent people (plus a lead of 10 not-yet-created ids);
 *   bids pick a hot auction/bidder or one among the `numInFlightAuctions` most recent auctions /
 *   the active people; categories 10..14;
 * - prices are log-uniform: round(10^(6u) * 100) cents for u uniform in [0, 1);
 * - bids carry a channel and url: one of four hot channels with probability 1/2, else
 *   `channel-N` for N < 10000 with a url, 9 in 10 of them with a `&channel_id=` parameter;
 * - event time of event n = baseTime + n * (1e6 / eventsPerSecond) µs, truncated to ms;
 *   auctions expire within twice the time it takes to create `numInFlightAuctions` more;
 * - `extra` pads each event to the average size of its kind (person 200, auction 500, bid 100).
 *
 * Unlike the Java generator (which draws from an unseeded `Random`), every event here is a pure
 * function of `(seed, eventNumber)`: its random stream is re-seeded per event. So parallel readers
 * taking disjoint sets of event numbers produce, together, exactly the events of a single reader,
 * at any parallelism. Two knowing deviations: the Java `BidGenerator` adds FIRST_PERSON_ID to the
 * bidder twice (a bug, not reproduced), and `extra` letters come from a pool (see strings.ts).
 */
import type { GeneratorConfig } from "./config.js";
import type { Auction, Bid, NexmarkEvent, Person } from "./model.js";
import { EventRandom } from "./random.js";
import { nextExtra, nextString } from "./strings.js";

export const FIRST_AUCTION_ID = 1000;
export const FIRST_PERSON_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;

const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
const HOT_AUCTION_RATIO = 100;
const HOT_BIDDER_RATIO = 100;
const HOT_SELLER_RATIO = 100;
const HOT_CHANNELS_RATIO = 2;
const CHANNELS_NUMBER = 10_000;
const HOT_CHANNELS = ["Google", "Facebook", "Baidu", "Apple"] as const;

const US_STATES = ["AZ", "CA", "ID", "OR", "WA", "WY"];
const US_CITIES = [
  "Phoenix",
  "Los Angeles",
  "San Francisco",
  "Boise",
  "Portland",
  "Bend",
  "Redmond",
  "Seattle",
  "Kent",
  "Cheyenne",
];
const FIRST_NAMES = [
  "Peter",
  "Paul",
  "Luke",
  "John",
  "Saul",
  "Vicky",
  "Kate",
  "Julie",
  "Sarah",
  "Deiter",
  "Walter",
];
const LAST_NAMES = ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];

/** Java's `Integer.reverse`: the 32 bits of `i` in reverse order, as a signed int. */
function reverseBits(i: number): number {
  let x = i >>> 0;
  let r = 0;
  for (let b = 0; b < 32; b++) {
    r = (r << 1) | (x & 1);
    x >>>= 1;
  }
  return r | 0;
}

export class NexmarkGenerator {
  readonly config: GeneratorConfig;
  private readonly random = new EventRandom();
  private readonly seed: number;
  private readonly totalProportion: number;
  private readonly interEventDelayUs: number;
  private readonly hotUrls: string[];
  private readonly channelUrls: (string | undefined)[] = new Array(CHANNELS_NUMBER);
  private readonly channelNames: (string | undefined)[] = new Array(CHANNELS_NUMBER);

  constructor(config: GeneratorConfig) {
    this.config = config;
    this.seed = config.seed | 0;
    this.totalProportion = config.personProportion + config.auctionProportion + config.bidProportion;
    this.interEventDelayUs = 1_000_000 / config.eventsPerSecond;
    // Streams of the side tables sit at negative positions, never used by an event.
    this.hotUrls = HOT_CHANNELS.map((_, i) => this.baseUrl(-1 - i));
  }

  /** Event time of event number `eventNumber` (ms since epoch). */
  timestampForEvent(eventNumber: number): number {
    return this.config.baseTime + Math.floor(Math.floor(eventNumber * this.interEventDelayUs) / 1000);
  }

  /** The event with number `eventNumber` (0-based); a pure function of the seed and the number. */
  event(eventNumber: number): NexmarkEvent {
    const eventId = this.config.firstEventId + eventNumber;
    const random = this.random;
    random.reseed(this.seed, eventNumber);
    const timestamp = this.timestampForEvent(eventNumber);
    const rem = eventId % this.totalProportion;
    if (rem < this.config.personProportion) {
      return { type: "person", person: this.nextPerson(eventId, random, timestamp) };
    }
    if (rem < this.config.personProportion + this.config.auctionProportion) {
      return { type: "auction", auction: this.nextAuction(eventNumber, eventId, random, timestamp) };
    }
    return { type: "bid", bid: this.nextBid(eventId, random, timestamp) };
  }

  /** Kind of event `eventNumber` without generating it. */
  kindOf(eventNumber: number): NexmarkEvent["type"] {
    const rem = (this.config.firstEventId + eventNumber) % this.totalProportion;
    if (rem < this.config.personProportion) return "person";
    return rem < this.config.personProportion + this.config.auctionProportion ? "auction" : "bid";
  }

  // --- people -------------------------------------------------------------------------------

  /** Last person id (base 0) created at or before `eventId`. */
  lastBase0PersonId(eventId: number): number {
    const epoch = Math.floor(eventId / this.totalProportion);
    let offset = eventId % this.totalProportion;
    if (offset >= this.config.personProportion) offset = this.config.personProportion - 1;
    return epoch * this.config.personProportion + offset;
  }

  private nextBase0PersonId(eventId: number, random: EventRandom): number {
    const numPeople = this.lastBase0PersonId(eventId) + 1;
    const activePeople = Math.min(numPeople, this.config.numActivePeople);
    const n = random.nextLong(activePeople + PERSON_ID_LEAD);
    return numPeople - activePeople + n;
  }

  private nextPerson(eventId: number, random: EventRandom, timestamp: number): Person {
    const id = this.lastBase0PersonId(eventId) + FIRST_PERSON_ID;
    const name = `${FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]} ${LAST_NAMES[random.nextInt(LAST_NAMES.length)]}`;
    const emailAddress = `${nextString(random, 7)}@${nextString(random, 5)}.com`;
    let creditCard = "";
    for (let i = 0; i < 4; i++) {
      if (i > 0) creditCard += " ";
      creditCard += String(random.nextInt(10000)).padStart(4, "0");
    }
    const city = US_CITIES[random.nextInt(US_CITIES.length)]!;
    const state = US_STATES[random.nextInt(US_STATES.length)]!;
    const currentSize =
      8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
    const extra = nextExtra(random, currentSize, this.config.avgPersonByteSize);
    return { id, name, emailAddress, creditCard, city, state, dateTime: timestamp, extra };
  }

  // --- auctions ------------------------------------------------------------------------------

  /** Last auction id (base 0) created at or before `eventId`. */
  lastBase0AuctionId(eventId: number): number {
    const { personProportion, auctionProportion } = this.config;
    let epoch = Math.floor(eventId / this.totalProportion);
    let offset = eventId % this.totalProportion;
    if (offset < personProportion) {
      epoch--;
      offset = auctionProportion - 1;
    } else if (offset >= personProportion + auctionProportion) {
      offset = auctionProportion - 1;
    } else {
      offset -= personProportion;
    }
    return epoch * auctionProportion + offset;
  }

  private nextBase0AuctionId(eventId: number, random: EventRandom): number {
    const maxAuction = this.lastBase0AuctionId(eventId);
    const minAuction = Math.max(maxAuction - this.config.numInFlightAuctions, 0);
    return minAuction + random.nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
  }

  private nextAuctionLengthMs(eventNumber: number, random: EventRandom, timestamp: number): number {
    const numEventsForAuctions = Math.floor(
      (this.config.numInFlightAuctions * this.totalProportion) / this.config.auctionProportion,
    );
    const futureAuction = this.timestampForEvent(eventNumber + numEventsForAuctions);
    const horizonMs = futureAuction - timestamp;
    return 1 + random.nextLong(Math.max(horizonMs * 2, 1));
  }

  private nextAuction(eventNumber: number, eventId: number, random: EventRandom, timestamp: number): Auction {
    const id = this.lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
    let seller: number;
    if (random.nextInt(this.config.hotSellersRatio) > 0) {
      seller = Math.floor(this.lastBase0PersonId(eventId) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO;
    } else {
      seller = this.nextBase0PersonId(eventId, random);
    }
    seller += FIRST_PERSON_ID;
    const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
    const initialBid = nextPrice(random);
    const expires = timestamp + this.nextAuctionLengthMs(eventNumber, random, timestamp);
    const itemName = nextString(random, 20);
    const description = nextString(random, 100);
    const reserve = initialBid + nextPrice(random);
    const currentSize = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
    const extra = nextExtra(random, currentSize, this.config.avgAuctionByteSize);
    return {
      id,
      itemName,
      description,
      initialBid,
      reserve,
      dateTime: timestamp,
      expires,
      seller,
      category,
      extra,
    };
  }

  // --- bids ----------------------------------------------------------------------------------

  private nextBid(eventId: number, random: EventRandom, timestamp: number): Bid {
    let auction: number;
    if (random.nextInt(this.config.hotAuctionRatio) > 0) {
      auction = Math.floor(this.lastBase0AuctionId(eventId) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO;
    } else {
      auction = this.nextBase0AuctionId(eventId, random);
    }
    auction += FIRST_AUCTION_ID;

    let bidder: number;
    if (random.nextInt(this.config.hotBiddersRatio) > 0) {
      // The second person of the batch, so hot bidders and hot sellers differ.
      bidder = Math.floor(this.lastBase0PersonId(eventId) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1;
    } else {
      bidder = this.nextBase0PersonId(eventId, random);
    }
    bidder += FIRST_PERSON_ID;

    const price = nextPrice(random);

    let channel: string;
    let url: string;
    if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
      const i = random.nextInt(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i]!;
      url = this.hotUrls[i]!;
    } else {
      const n = random.nextInt(CHANNELS_NUMBER);
      channel = this.channelName(n);
      url = this.channelUrl(n);
    }
    const extra = nextExtra(random, 8 + 8 + 8 + 8, this.config.avgBidByteSize);
    return { auction, bidder, price, channel, url, dateTime: timestamp, extra };
  }

  private channelName(n: number): string {
    let name = this.channelNames[n];
    if (name === undefined) {
      name = `channel-${n}`;
      this.channelNames[n] = name;
    }
    return name;
  }

  /** The url of channel `n`: a pure function of the seed and `n`, cached. */
  private channelUrl(n: number): string {
    let url = this.channelUrls[n];
    if (url === undefined) {
      const position = -1000 - n;
      url = this.baseUrl(position);
      if (this.sideRandom(position, 1).nextInt(10) > 0) url += `&channel_id=${Math.abs(reverseBits(n))}`;
      this.channelUrls[n] = url;
    }
    return url;
  }

  private baseUrl(position: number): string {
    const random = this.sideRandom(position, 0);
    return `https://www.nexmark.com/${nextString(random, 5, "_")}/${nextString(random, 5, "_")}/${nextString(random, 5, "_")}/item.htm?query=1`;
  }

  /** A random stream for side tables (urls), separate from the per-event streams. */
  private sideRandom(position: number, salt: number): EventRandom {
    const random = new EventRandom();
    random.reseed(this.seed ^ (0x51de + salt), -position);
    return random;
  }
}

/** A log-uniform price in cents: round(10^(6u) * 100) for u uniform in [0, 1). */
export function nextPrice(random: EventRandom): number {
  return Math.round(10 ** (random.nextDouble() * 6) * 100);
}
