import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../../core/errors.js";
import { TestJobBuilder } from "../testing/test-job-builder.js";
import { listSource } from "../testing/test-operators.js";
import { insufficientSlotsError, slotIndexOf, slotRequirements } from "./slot-requirements.js";

describe("slot requirements", () => {
  const b = new TestJobBuilder();
  const a = b.vertex({ parallelism: 2 });
  b.operator(a, "A", listSource([1]));
  const c = b.vertex({ parallelism: 8 });
  b.operator(c, "C", listSource([1]));
  const d = b.vertex({ parallelism: 3, slotSharingGroup: "g" });
  b.operator(d, "D", listSource([1]));
  const graph = b.build().jobGraph;

  it("sums the max parallelism of each slot sharing group", () => {
    const req = slotRequirements(graph);
    expect(req.groups).toEqual([
      { name: "default", slots: 8, offset: 0 },
      { name: "g", slots: 3, offset: 8 },
    ]);
    expect(req.total).toBe(11);
  });

  it("puts subtask i of every vertex of a group into the group's slot i", () => {
    const req = slotRequirements(graph);
    const [va, vc, vd] = graph.vertices;
    expect(slotIndexOf(req, va!, 1)).toBe(1);
    expect(slotIndexOf(req, vc!, 1)).toBe(1);
    expect(slotIndexOf(req, vd!, 2)).toBe(10);
  });

  it("explains a shortage", () => {
    const e = insufficientSlotsError(slotRequirements(graph), 4);
    expect(e).toBeInstanceOf(JobDefinitionError);
    expect(e.message).toBe(
      "job needs 11 task slots (slot sharing group 'default': 8, slot sharing group 'g': 3) but the cluster has 4; " +
        "lower the parallelism (-p) or raise taskmanager.numberOfTaskSlots",
    );
  });
});
