/**
 * The execution graph (Flink's `ExecutionGraph`, reduced): one `ExecutionVertex` per (job vertex,
 * subtask), each with its current `Execution` attempt, whose state follows the legal transitions
 * of `ExecutionState`:
 *
 *   CREATED → SCHEDULED → DEPLOYING → RUNNING → FINISHED
 *   any non-terminal → CANCELING → CANCELED;  any non-terminal → FAILED;  CREATED/SCHEDULED → CANCELED
 *
 * A re-run subtask (restart) gets a new `Execution` with the next attempt number; updates of old
 * attempts are still found by id (and ignored by the JobMaster, which checks `current`).
 *
 * Only the JobMaster mutates it, from its mailbox.
 */
import type { JobGraph, JobVertex } from "../../core/jobgraph.js";
import { newId } from "../ids.js";
import type { SlotAllocation } from "../resourcemanager/gateway.js";
import { taskNameWithSubtask } from "../task/runtime-context.js";
import { type ExecutionState, isTerminalExecutionState } from "../taskexecutor/deployment.js";

const LEGAL: Readonly<Record<ExecutionState, readonly ExecutionState[]>> = {
  CREATED: ["SCHEDULED", "CANCELED", "FAILED"],
  SCHEDULED: ["DEPLOYING", "CANCELED", "FAILED"],
  DEPLOYING: ["RUNNING", "FINISHED", "CANCELING", "CANCELED", "FAILED"],
  RUNNING: ["FINISHED", "CANCELING", "CANCELED", "FAILED"],
  CANCELING: ["CANCELED", "FINISHED", "FAILED"],
  FINISHED: [],
  CANCELED: [],
  FAILED: [],
};

export class Execution {
  readonly attemptId = newId();
  private currentState: ExecutionState = "CREATED";
  allocation: SlotAllocation | undefined;
  /** Coordinator events waiting for the task to be deployed. */
  readonly pendingEvents: { operatorId: string; event: unknown }[] = [];

  constructor(
    readonly vertex: ExecutionVertex,
    readonly attemptNumber: number,
  ) {}

  get state(): ExecutionState {
    return this.currentState;
  }

  get isTerminal(): boolean {
    return isTerminalExecutionState(this.currentState);
  }

  /** Moves to `to` if legal; returns false (and stays) otherwise. */
  transition(to: ExecutionState): boolean {
    if (!LEGAL[this.currentState].includes(to)) return false;
    this.currentState = to;
    return true;
  }
}

export class ExecutionVertex {
  readonly taskName: string;
  /** The latest attempt; replaced by `ExecutionGraph.newAttempt` when the subtask is re-run. */
  current: Execution;

  constructor(
    readonly jobVertex: JobVertex,
    readonly subtaskIndex: number,
  ) {
    this.taskName = taskNameWithSubtask(jobVertex.name, subtaskIndex, jobVertex.parallelism);
    this.current = new Execution(this, 0);
  }
}

export class ExecutionGraph {
  /** Per job vertex (topological order), its subtasks. */
  readonly vertices: readonly {
    readonly jobVertex: JobVertex;
    readonly subtasks: readonly ExecutionVertex[];
  }[];
  private readonly byAttempt = new Map<string, Execution>();
  private readonly byVertex = new Map<string, readonly ExecutionVertex[]>();

  constructor(readonly jobGraph: JobGraph) {
    this.vertices = jobGraph.vertices.map((jobVertex) => {
      const subtasks = Array.from(
        { length: jobVertex.parallelism },
        (_, i) => new ExecutionVertex(jobVertex, i),
      );
      for (const s of subtasks) this.byAttempt.set(s.current.attemptId, s.current);
      this.byVertex.set(jobVertex.id, subtasks);
      return { jobVertex, subtasks };
    });
  }

  execution(attemptId: string): Execution | undefined {
    return this.byAttempt.get(attemptId);
  }

  subtask(vertexId: string, subtaskIndex: number): ExecutionVertex | undefined {
    return this.byVertex.get(vertexId)?.[subtaskIndex];
  }

  /** Current executions of all subtasks, in vertex order. */
  executions(): Execution[] {
    return this.vertices.flatMap((v) => v.subtasks.map((s) => s.current));
  }

  allTerminal(): boolean {
    return this.executions().every((e) => e.isTerminal);
  }

  /** Replaces the terminal current attempt of `vertex` by a new one (attempt number + 1). */
  newAttempt(vertex: ExecutionVertex): Execution {
    const next = new Execution(vertex, vertex.current.attemptNumber + 1);
    vertex.current = next;
    this.byAttempt.set(next.attemptId, next);
    return next;
  }

  allFinished(): boolean {
    return this.executions().every((e) => e.state === "FINISHED");
  }
}
