/**
 * The Nexmark data model (an online auction): people register, open auctions and bid on them.
 * Field names follow the nexmark project's Flink model (`Person`, `Auction`, `Bid`); times are
 * epoch milliseconds. An `Event` carries exactly one of the three, tagged by `type`, like the
 * nexmark `Event` with its `event_type` column (0 person, 1 auction, 2 bid).
 */

export interface Person {
  readonly id: number;
  readonly name: string;
  readonly emailAddress: string;
  readonly creditCard: string;
  readonly city: string;
  readonly state: string;
  readonly dateTime: number;
  readonly extra: string;
}

export interface Auction {
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly dateTime: number;
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
}

export interface Bid {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly dateTime: number;
  readonly extra: string;
}

export interface PersonEvent {
  readonly type: "person";
  readonly person: Person;
}
export interface AuctionEvent {
  readonly type: "auction";
  readonly auction: Auction;
}
export interface BidEvent {
  readonly type: "bid";
  readonly bid: Bid;
}

/** One Nexmark event: a new person, a new auction or a bid. */
export type NexmarkEvent = PersonEvent | AuctionEvent | BidEvent;
