/**
 * The handle a sink call returns (Flink's `DataStreamSink`): settings of the sink operator.
 */
import {
  setMaxParallelism,
  setName,
  setParallelism,
  setSlotSharingGroup,
  setUid,
} from "./operator-settings.js";
import type { OneInputTransformation } from "./transformation.js";

export class DataStreamSink<T> {
  /** Phantom member keeping the element type. */
  declare readonly __elementType?: T;

  /** @internal Created by the sink methods of `DataStream`. */
  constructor(private readonly transformation: OneInputTransformation) {}

  /** @internal */
  getTransformation(): OneInputTransformation {
    return this.transformation;
  }

  name(name: string): this {
    setName(this.transformation, name);
    return this;
  }

  getName(): string {
    return this.transformation.name;
  }

  /** Stable id for state and savepoints; unique within the job. */
  uid(uid: string): this {
    setUid(this.transformation, uid);
    return this;
  }

  setParallelism(parallelism: number): this {
    setParallelism(this.transformation, parallelism);
    return this;
  }

  setMaxParallelism(maxParallelism: number): this {
    setMaxParallelism(this.transformation, maxParallelism);
    return this;
  }

  slotSharingGroup(group: string): this {
    setSlotSharingGroup(this.transformation, group);
    return this;
  }

  /** Runs the sink in a task of its own, never chained to its input. */
  disableChaining(): this {
    this.transformation.chainingStrategy = "never";
    return this;
  }
}
