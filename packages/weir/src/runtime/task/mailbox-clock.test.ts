import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { TaskMailbox } from "./mailbox.js";
import { MailboxClock } from "./mailbox-clock.js";

describe("MailboxClock", () => {
  it("runs due timers as mails, not from the clock's callback", () => {
    const manual = new ManualClock(0);
    const mailbox = new TaskMailbox();
    const clock = new MailboxClock(manual, mailbox);
    const fired: number[] = [];
    clock.setTimer(10, () => fired.push(10));
    const cancelled = clock.setTimer(20, () => fired.push(20));
    manual.advance(30);
    expect(fired).toEqual([]);
    cancelled.cancel();
    mailbox.drain();
    expect(fired).toEqual([10]);
    expect(clock.now()).toBe(30);
  });

  it("cancelAll drops pending timers and ignores later ones", () => {
    const manual = new ManualClock(0);
    const mailbox = new TaskMailbox();
    const clock = new MailboxClock(manual, mailbox);
    const fired: string[] = [];
    clock.setTimer(5, () => fired.push("a"));
    clock.cancelAll();
    clock.setTimer(6, () => fired.push("b"));
    expect(manual.pendingTimers()).toBe(0);
    manual.advance(10);
    mailbox.drain();
    expect(fired).toEqual([]);
  });
});
