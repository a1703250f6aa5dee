// A ZIP archive written front to back onto a byte sink, one entry at a time:
// a deflated entry's size and CRC are not known before its data has gone out,
// so each is followed by a data descriptor (general purpose flag bit 3), and
// nothing of an entry stays in memory once written. Plain ZIP, not ZIP64: an
// archive that would pass a 32-bit field (4 GiB, 65,535 entries) is refused
// with ZipLimitError instead of being written corrupt.
import { createDeflateRaw, crc32 } from "node:zlib";
import { once } from "node:events";

/** Where the archive's bytes go, in order. `write` resolves when the sink can take more. */
export interface ByteSink {
  write(chunk: Buffer): Promise<void>;
}

export class ZipLimitError extends Error {
  constructor(what: string) {
    super(`The export is too large for a ZIP file without ZIP64 (${what}).`);
    this.name = "ZipLimitError";
  }
}

const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;

interface CentralRecord {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** MS-DOS date and time, which is what ZIP stores (local, 2-second steps). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function checkName(name: string): Buffer {
  if (!name || name.startsWith("/") || name.split("/").some((part) => part === ".." || part === "")) throw new Error(`not a safe ZIP entry name: ${name}`);
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length > 0xffff) throw new Error("ZIP entry name too long");
  return bytes;
}

/** An entry being written: text or bytes go through deflate as they arrive. */
export interface ZipEntryWriter {
  write(chunk: Buffer | string): Promise<void>;
  /** ends the entry; returns its uncompressed size */
  end(): Promise<number>;
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: CentralRecord[] = [];
  private open = false;
  private finished = false;
  private readonly stamp: { time: number; date: number };

  constructor(private readonly sink: ByteSink, modified: Date = new Date()) {
    this.stamp = dosDateTime(modified);
  }

  private async put(chunk: Buffer) {
    if (this.offset + chunk.length > MAX_32) throw new ZipLimitError("more than 4 GiB");
    this.offset += chunk.length;
    await this.sink.write(chunk);
  }

  private begin(name: string): Buffer {
    if (this.finished) throw new Error("the ZIP archive is already finished");
    if (this.open) throw new Error("the previous ZIP entry is still being written");
    if (this.entries.length >= MAX_ENTRIES) throw new ZipLimitError(`more than ${MAX_ENTRIES} files`);
    return checkName(name);
  }

  private localHeader(name: Buffer, flags: number, method: number, crc: number, compressedSize: number, size: number): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressedSize, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    return Buffer.concat([header, name]);
  }

  /** A whole file already in memory (a photo), stored as is: its CRC and size go in the header. */
  async addBytes(name: string, bytes: Buffer, options: { compress?: boolean } = {}): Promise<void> {
    if (options.compress) {
      const entry = this.startEntry(name);
      await entry.write(bytes);
      await entry.end();
      return;
    }
    const encoded = this.begin(name);
    if (bytes.length > MAX_32) throw new ZipLimitError("a file over 4 GiB");
    const crc = crc32(bytes);
    const offset = this.offset;
    await this.put(this.localHeader(encoded, FLAG_UTF8, METHOD_STORE, crc, bytes.length, bytes.length));
    await this.put(bytes);
    this.entries.push({ name: encoded, flags: FLAG_UTF8, method: METHOD_STORE, crc, compressedSize: bytes.length, size: bytes.length, offset });
  }

  /** A deflated entry written piece by piece; one at a time. */
  startEntry(name: string): ZipEntryWriter {
    const encoded = this.begin(name);
    this.open = true;
    const flags = FLAG_UTF8 | FLAG_DATA_DESCRIPTOR;
    const offset = this.offset;
    // Level 1: several times faster than the default for about 20 % more bytes; an export is read once.
    const deflate = createDeflateRaw({ level: 1 });
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    const headerWritten = this.put(this.localHeader(encoded, flags, METHOD_DEFLATE, 0, 0, 0));
    // The compressed bytes are taken as deflate makes them; the async iterator holds deflate back while the sink is busy.
    const drained = (async () => {
      await headerWritten;
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        compressedSize += chunk.length;
        await this.put(chunk);
      }
    })();
    // A failure surfaces from write/end; this keeps it from also being reported as unhandled meanwhile.
    drained.catch(() => {});

    return {
      write: async (chunk) => {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
        if (bytes.length === 0) return;
        size += bytes.length;
        if (size > MAX_32) throw new ZipLimitError("a file over 4 GiB");
        crc = crc32(bytes, crc);
        if (!deflate.write(bytes)) await Promise.race([once(deflate, "drain"), drained]);
      },
      end: async () => {
        deflate.end();
        await drained;
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc >>> 0, 4);
        descriptor.writeUInt32LE(compressedSize, 8);
        descriptor.writeUInt32LE(size, 12);
        await this.put(descriptor);
        this.entries.push({ name: encoded, flags, method: METHOD_DEFLATE, crc: crc >>> 0, compressedSize, size, offset });
        this.open = false;
        return size;
      },
    };
  }

  /** Writes the central directory and the end record. The archive is complete after this. */
  async finish(): Promise<void> {
    if (this.open) throw new Error("a ZIP entry is still being written");
    this.finished = true;
    const start = this.offset;
    for (const entry of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, spec 2.0 (so the permissions below are read)
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(entry.flags, 8);
      header.writeUInt16LE(entry.method, 10);
      header.writeUInt16LE(this.stamp.time, 12);
      header.writeUInt16LE(this.stamp.date, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.compressedSize, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      header.writeUInt16LE(0, 30);
      header.writeUInt16LE(0, 32);
      header.writeUInt16LE(0, 34);
      header.writeUInt16LE(0, 36);
      header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
      header.writeUInt32LE(entry.offset, 42);
      await this.put(Buffer.concat([header, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    end.writeUInt16LE(0, 20);
    await this.put(end);
  }
}
