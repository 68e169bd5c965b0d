import { describe, expect, it } from "vitest";
import { generatorConfig } from "../../bench/nexmark/config.js";
import { FIRST_AUCTION_ID, FIRST_PERSON_ID, NexmarkGenerator } from "../../bench/nexmark/generator.js";
import type { Auction, Bid, NexmarkEvent, Person } from "../../bench/nexmark/model.js";

function events(seed: number, count: number, from = 0): NexmarkEvent[] {
  const generator = new NexmarkGenerator(generatorConfig({ seed }));
  return Array.from({ length: count }, (_, i) => generator.event(from + i));
}

describe("NexmarkGenerator", () => {
  it("is deterministic per seed and event number", () => {
    expect(events(7, 2000)).toEqual(events(7, 2000));
    expect(events(7, 2000)).not.toEqual(events(8, 2000));
    // An event does not depend on which events were generated before it.
    expect(events(7, 100, 1900)).toEqual(events(7, 2000).slice(1900));
    const generator = new NexmarkGenerator(generatorConfig({ seed: 7 }));
    expect(generator.event(123_456_789)).toEqual(generator.event(123_456_789));
  });

  it("keeps the 1 : 3 : 46 proportions of people, auctions and bids in every 50 events", () => {
    const all = events(1, 50_000);
    const counts = { person: 0, auction: 0, bid: 0 };
    for (const e of all) counts[e.type]++;
    expect(counts).toEqual({ person: 1000, auction: 3000, bid: 46_000 });
    expect(all.slice(0, 50).map((e) => e.type)).toEqual([
      "person",
      "auction",
      "auction",
      "auction",
      ...Array<string>(46).fill("bid"),
    ]);
  });

  it("assigns consecutive person and auction ids and refers to existing or imminent ones", () => {
    const all = events(3, 20_000);
    const people = all.flatMap((e) => (e.type === "person" ? [e.person] : []));
    const auctions = all.flatMap((e) => (e.type === "auction" ? [e.auction] : []));
    expect(people.map((p) => p.id)).toEqual(people.map((_, i) => FIRST_PERSON_ID + i));
    expect(auctions.map((a) => a.id)).toEqual(auctions.map((_, i) => FIRST_AUCTION_ID + i));

    let lastPerson = FIRST_PERSON_ID - 1;
    let lastAuction = FIRST_AUCTION_ID - 1;
    const violations: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok && violations.length < 5) violations.push(what);
    };
    for (const e of all) {
      if (e.type === "person") lastPerson = e.person.id;
      else if (e.type === "auction") {
        const a = e.auction;
        lastAuction = a.id;
        check(a.seller >= FIRST_PERSON_ID && a.seller <= lastPerson + 10, `seller ${a.seller} of ${a.id}`);
        check(a.category >= 10 && a.category < 15, `category ${a.category}`);
        check(a.reserve >= a.initialBid, `reserve of ${a.id}`);
        check(a.expires > a.dateTime, `expiry of ${a.id}`);
      } else {
        const b = e.bid;
        check(
          b.auction >= FIRST_AUCTION_ID && b.auction <= lastAuction + 10,
          `auction ${b.auction} (last ${lastAuction})`,
        );
        check(
          b.bidder >= FIRST_PERSON_ID && b.bidder <= lastPerson + 10,
          `bidder ${b.bidder} (last ${lastPerson})`,
        );
      }
    }
    expect(violations).toEqual([]);
  });

  it("draws hot auctions and bidders about as often as configured", () => {
    const generator = new NexmarkGenerator(generatorConfig({ seed: 5 }));
    const bids: Bid[] = [];
    for (let n = 100_000; n < 150_000; n++) {
      const e = generator.event(n);
      if (e.type === "bid") bids.push(e.bid);
    }
    // Hot auctions are the first of each batch of 100 auction ids: chosen with p = 1 - 1/2.
    const hotAuction = bids.filter((b) => (b.auction - FIRST_AUCTION_ID) % 100 === 0).length / bids.length;
    expect(hotAuction).toBeGreaterThan(0.48);
    expect(hotAuction).toBeLessThan(0.53);
    // Hot channels: one of four names with p = 1/2; other channels are channel-N.
    const hot =
      bids.filter((b) => ["Google", "Facebook", "Baidu", "Apple"].includes(b.channel)).length / bids.length;
    expect(hot).toBeGreaterThan(0.47);
    expect(hot).toBeLessThan(0.53);
    for (const b of bids.slice(0, 500)) {
      expect(b.url).toMatch(
        /^https:\/\/www\.nexmark\.com\/\w+\/\w+\/\w+\/item\.htm\?query=1(&channel_id=\d+)?$/,
      );
      if (!["Google", "Facebook", "Baidu", "Apple"].includes(b.channel))
        expect(b.channel).toMatch(/^channel-\d+$/);
    }
  });

  it("draws log-uniform prices and pads events to their average sizes", () => {
    const all = events(9, 50_000);
    const bids = all.flatMap((e) => (e.type === "bid" ? [e.bid] : []));
    const prices = bids.map((b) => b.price);
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...prices)).toBeLessThanOrEqual(100_000_000);
    // log10(price/100) is uniform on [0, 6): each decade holds about a sixth of the prices.
    const decades = [0, 0, 0, 0, 0, 0];
    for (const p of prices) decades[Math.min(5, Math.floor(Math.log10(p / 100)))]!++;
    for (const d of decades) expect(d / prices.length).toBeCloseTo(1 / 6, 1);

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(bids.map((b) => 32 + b.extra.length))).toBeCloseTo(100, -1);
    const people = all.flatMap((e) => (e.type === "person" ? [e.person] : [])) as Person[];
    const personSize = (p: Person) =>
      8 +
      p.name.length +
      p.emailAddress.length +
      p.creditCard.length +
      p.city.length +
      p.state.length +
      p.extra.length;
    expect(mean(people.map(personSize))).toBeCloseTo(200, -1);
    const auctions = all.flatMap((e) => (e.type === "auction" ? [e.auction] : [])) as Auction[];
    expect(
      mean(auctions.map((a) => 48 + a.itemName.length + a.description.length + a.extra.length)),
    ).toBeCloseTo(500, -1);
    expect(people[0]!.creditCard).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(people[0]!.emailAddress).toMatch(/^[a-z ]+@[a-z ]+\.com$/);
  });

  it("stamps event time at the configured rate", () => {
    const config = generatorConfig({ seed: 1, eventsPerSecond: 1000 });
    const generator = new NexmarkGenerator(config);
    expect(generator.timestampForEvent(0)).toBe(config.baseTime);
    expect(generator.timestampForEvent(1)).toBe(config.baseTime + 1);
    expect(generator.timestampForEvent(2500)).toBe(config.baseTime + 2500);
    const e = generator.event(77);
    const time =
      e.type === "bid" ? e.bid.dateTime : e.type === "person" ? e.person.dateTime : e.auction.dateTime;
    expect(time).toBe(config.baseTime + 77);
    const fast = new NexmarkGenerator(generatorConfig({ eventsPerSecond: 10_000_000 }));
    expect(fast.timestampForEvent(10_000_000) - fast.timestampForEvent(0)).toBe(1000);
  });
});
