/** A growable column of 32-bit integers (no object per entry). */
export class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The values as one array of their own. */
  toArray(): Int32Array<ArrayBuffer> {
    return this.data.slice(0, this.length);
  }
}
