/**
 * `SocketTextSource`: strings read from a TCP socket, cut at a delimiter (Flink's
 * `SocketTextStreamFunction`, what `socketTextStream` builds on). CONTINUOUS_UNBOUNDED, but, like
 * Flink, it ends when the server closes the connection and no retry is left.
 *
 * - Only subtask 0 reads (one split, `socket`); other subtasks end at once.
 * - The bytes are decoded as UTF-8 and cut at `delimiter` (a `\r` before a `\n` delimiter is
 *   stripped); when the connection closes, text after the last delimiter is emitted as a last
 *   record (Flink does the same).
 * - `maxRetries`: how many times to reconnect after the connection closed or could not be opened
 *   (`-1`: forever), waiting 500 ms (on the reader's clock) in between. With none left, a closed
 *   connection ends the source and a connection error fails it with an `ExternalError`.
 * - Backpressure: the socket is paused while more than `MAX_QUEUED` records wait to be polled,
 *   and resumed once the queue is drained to half of that.
 */
import { connect, type Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import type { TimerHandle } from "../../core/clock.js";
import { ExternalError, JobDefinitionError } from "../../core/errors.js";
import type { Boundedness } from "../../core/jobgraph.js";
import type {
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../../core/source.js";
import { SplitReaderBase, type SplitStatus } from "../util/split-reader-base.js";
import { type SubtaskEnumeratorState, SubtaskSplitEnumerator } from "../util/subtask-split-enumerator.js";

/** Records waiting to be polled before the socket is paused. */
const MAX_QUEUED = 8192;
/** Records emitted per `pollNext` at most. */
const MAX_RECORDS_PER_POLL = 512;
/** Flink's `SocketTextStreamFunction.DEFAULT_CONNECTION_RETRY_SLEEP`. */
const RETRY_DELAY_MS = 500;

export class SocketTextSource implements Source<string, SourceSplit, SubtaskEnumeratorState<SourceSplit>> {
  readonly host: string;
  readonly port: number;
  readonly delimiter: string;
  readonly maxRetries: number;

  constructor(host: string, port: number, delimiter = "\n", maxRetries = 0) {
    if (!(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new JobDefinitionError(`socketTextStream: port must be an integer in 1..65535, got ${port}`);
    }
    if (delimiter.length === 0)
      throw new JobDefinitionError("socketTextStream: the delimiter must not be empty");
    if (!(Number.isInteger(maxRetries) && maxRetries >= -1)) {
      throw new JobDefinitionError(
        `socketTextStream: maxRetries must be -1 (forever) or >= 0, got ${maxRetries}`,
      );
    }
    this.host = host;
    this.port = port;
    this.delimiter = delimiter;
    this.maxRetries = maxRetries;
  }

  getBoundedness(): Boundedness {
    return "CONTINUOUS_UNBOUNDED";
  }

  createEnumerator(
    context: SplitEnumeratorContext<SourceSplit>,
  ): SplitEnumerator<SourceSplit, SubtaskEnumeratorState<SourceSplit>> {
    return new SubtaskSplitEnumerator(context, new Map([[0, { id: "socket" }]]));
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<SourceSplit>,
    state: SubtaskEnumeratorState<SourceSplit>,
  ): SplitEnumerator<SourceSplit, SubtaskEnumeratorState<SourceSplit>> {
    return SubtaskSplitEnumerator.restore(context, state);
  }

  createReader(context: SourceReaderContext): SourceReader<string, SourceSplit> {
    return new SocketReader(context, this);
  }
}

class SocketReader extends SplitReaderBase<string, SourceSplit> {
  private readonly config: SocketTextSource;
  private split: SourceSplit | undefined;
  private socket: Socket | undefined;
  private decoder = new StringDecoder("utf8");
  private partial = "";
  private readonly queue: string[] = [];
  private head = 0;
  private paused = false;
  private connected = false;
  private retries = 0;
  private retryTimer: TimerHandle | undefined;
  private ended = false;
  private error: Error | undefined;

  constructor(context: SourceReaderContext, config: SocketTextSource) {
    super(context);
    this.config = config;
  }

  protected openSplit(split: SourceSplit): void {
    this.split = split;
    this.connect();
  }

  protected readSplit(output: ReaderOutput<string>): SplitStatus {
    const end = Math.min(this.queue.length, this.head + MAX_RECORDS_PER_POLL);
    while (this.head < end) output.collect(this.queue[this.head++]!);
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    const queued = this.queue.length - this.head;
    if (this.paused && queued <= MAX_QUEUED / 2) {
      this.paused = false;
      this.socket?.resume();
    }
    if (queued > 0) return "MORE_AVAILABLE";
    if (this.error !== undefined) throw this.error;
    return this.ended ? "FINISHED" : "NOTHING_AVAILABLE";
  }

  protected snapshotSplit(): SourceSplit {
    return this.split!;
  }

  protected closeSplit(): void {
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    this.socket?.destroy();
    this.socket = undefined;
    this.split = undefined;
  }

  private connect(): void {
    const { host, port, delimiter } = this.config;
    const socket = connect({ host, port });
    this.socket = socket;
    this.connected = false;
    this.paused = false;
    this.decoder = new StringDecoder("utf8");
    socket.on("connect", () => {
      this.connected = true;
    });
    socket.on("data", (data: Buffer) => {
      this.push(this.partial + this.decoder.write(data), delimiter);
    });
    socket.on("error", () => {
      // 'close' follows with hadError = true; it decides between retry and failure.
    });
    socket.on("close", (hadError: boolean) => {
      if (this.socket !== socket || this.isClosed()) return;
      this.socket = undefined;
      const rest = this.partial + this.decoder.end();
      this.partial = "";
      if (rest.length > 0) this.enqueue(rest, delimiter);
      const canRetry = this.config.maxRetries === -1 || this.retries < this.config.maxRetries;
      if (canRetry) {
        this.retries++;
        this.retryTimer = this.context.clock.setTimer(this.context.clock.now() + RETRY_DELAY_MS, () => {
          this.retryTimer = undefined;
          if (!this.isClosed()) this.connect();
        });
      } else if (hadError) {
        const message = this.connected
          ? `connection to socket ${host}:${port} failed`
          : `could not connect to socket ${host}:${port}`;
        this.error = new ExternalError(message, {
          hint: "Check that a server listens on that address (e.g. `nc -lk <port>`).",
        });
      } else {
        this.ended = true;
      }
      this.availability.notifyAvailable();
    });
  }

  /** Cuts `text` at the delimiter; the remainder waits for more data. */
  private push(text: string, delimiter: string): void {
    let from = 0;
    for (;;) {
      const at = text.indexOf(delimiter, from);
      if (at < 0) break;
      this.enqueue(text.slice(from, at), delimiter);
      from = at + delimiter.length;
    }
    this.partial = from === 0 ? text : text.slice(from);
    if (from > 0) this.availability.notifyAvailable();
    if (!this.paused && this.queue.length - this.head > MAX_QUEUED) {
      this.paused = true;
      this.socket?.pause();
    }
  }

  private enqueue(record: string, delimiter: string): void {
    this.queue.push(delimiter === "\n" && record.endsWith("\r") ? record.slice(0, -1) : record);
  }
}
