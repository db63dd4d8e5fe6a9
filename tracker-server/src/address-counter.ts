/**
 * Open sockets per remote address, to refuse one machine opening thousands. It tracks a count per
 * address and drops an address when its count reaches zero, so the map holds only connected addresses.
 * The address is the TCP peer's; behind a reverse proxy every page would share one (not supported).
 */
export class AddressCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerAddress: number) {}

  /** Counts a new socket from `address`; false (and not counted) when that address is at its limit. */
  tryOpen(address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (count >= this.maxPerAddress) return false;
    this.open.set(address, count + 1);
    return true;
  }

  closed(address: string): void {
    const count = this.open.get(address) ?? 0;
    if (count <= 1) this.open.delete(address);
    else this.open.set(address, count - 1);
  }
}
