/**
 * The two formats the simulator cannot encode for real, made as the closest valid files: silence.
 * - opus: an Ogg Opus stream (RFC 7845): OpusHead (mono, 24 kHz input rate, pre-skip 312), OpusTags
 *   (TOUCHSTONE_TTS = the spoken text in base64, so transcription can recover it), then 20 ms CELT
 *   packets `F8 FF FE` (the well-known Opus silence frame), 50 per page, granule positions at 48 kHz
 *   with the last page trimming to the exact duration; every page has its Ogg CRC.
 * - aac: ADTS frames (MPEG-4 AAC LC, 24 kHz, mono, 1024 samples each) whose raw block is one single
 *   channel element with max_sfb 0 (no spectral data) and ID_END: silent, decodable AAC.
 * `readOggOpus` returns the duration and tags of an Ogg Opus file.
 */

const OPUS_SILENCE = [0xf8, 0xff, 0xfe];
const PRE_SKIP = 312;
const PACKETS_PER_PAGE = 50;
const OPUS_RATE = 48000;

const OGG_CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let r = i << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? ((r << 1) ^ 0x04c11db7) >>> 0 : (r << 1) >>> 0;
  return r >>> 0;
});

function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

export function oggPage(packets: Uint8Array[], granule: number, serial: number, sequence: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    for (let left = p.length; ; left -= 255) { lacing.push(Math.min(left, 255)); if (left < 255) break; }
  }
  const page = Buffer.alloc(27 + lacing.length + packets.reduce((n, p) => n + p.length, 0));
  page.write('OggS', 0, 'latin1');
  page[4] = 0; page[5] = flags;
  page.writeBigUInt64LE(BigInt(granule), 6);
  page.writeUInt32LE(serial, 14);
  page.writeUInt32LE(sequence, 18);
  page[26] = lacing.length;
  page.set(lacing, 27);
  let at = 27 + lacing.length;
  for (const p of packets) { page.set(p, at); at += p.length; }
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

export function opusHeaderPages(text: string, serial: number): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1; head[9] = 1; // version, channels
  head.writeUInt16LE(PRE_SKIP, 10);
  head.writeUInt32LE(24000, 12);
  const vendor = Buffer.from('Touchstone OpenAI simulator', 'utf8');
  const comment = Buffer.from(`TOUCHSTONE_TTS=${Buffer.from(text, 'utf8').toString('base64')}`, 'utf8');
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  const tags = Buffer.concat([Buffer.from('OpusTags', 'latin1'), u32(vendor.length), vendor, u32(1), u32(comment.length), comment]);
  return Buffer.concat([oggPage([head], 0, serial, 0, 0x02), oggPage([tags], 0, serial, 1, 0)]);
}

/** The audio pages for `seconds` of silence, one page per call of the iterator. */
export function* opusAudioPages(seconds: number, serial: number): Generator<Buffer> {
  const total = Math.round(seconds * OPUS_RATE);
  const packets = Math.max(1, Math.ceil(total / 960));
  for (let first = 0, sequence = 2; first < packets; first += PACKETS_PER_PAGE, sequence++) {
    const count = Math.min(PACKETS_PER_PAGE, packets - first);
    const last = first + count >= packets;
    const granule = PRE_SKIP + (last ? total : (first + count) * 960);
    yield oggPage(Array.from({ length: count }, () => Uint8Array.from(OPUS_SILENCE)), granule, serial, sequence, last ? 0x04 : 0);
  }
}

export interface OggOpusInfo { seconds: number; comments: Record<string, string> }

export function readOggOpus(bytes: Uint8Array): OggOpusInfo | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.toString('latin1', 0, 4) !== 'OggS') return undefined;
  const info: OggOpusInfo = { seconds: 0, comments: {} };
  let preSkip = 0, lastGranule = 0;
  for (let at = 0; at + 27 <= b.length && b.toString('latin1', at, at + 4) === 'OggS';) {
    const segments = b[at + 26]!;
    const bodyLength = b.subarray(at + 27, at + 27 + segments).reduce((n, l) => n + l, 0);
    const body = b.subarray(at + 27 + segments, at + 27 + segments + bodyLength);
    const granule = Number(b.readBigUInt64LE(at + 6));
    if (body.toString('latin1', 0, 8) === 'OpusHead') preSkip = body.readUInt16LE(10);
    else if (body.toString('latin1', 0, 8) === 'OpusTags') {
      let p = 12 + body.readUInt32LE(8);
      const count = body.readUInt32LE(p); p += 4;
      for (let i = 0; i < count && p + 4 <= body.length; i++) {
        const len = body.readUInt32LE(p);
        const comment = body.toString('utf8', p + 4, p + 4 + len);
        const eq = comment.indexOf('=');
        if (eq > 0) info.comments[comment.slice(0, eq).toUpperCase()] = comment.slice(eq + 1);
        p += 4 + len;
      }
    } else if (granule > 0) lastGranule = granule;
    at += 27 + segments + bodyLength;
  }
  info.seconds = Math.max(0, lastGranule - preSkip) / OPUS_RATE;
  return info;
}

export const AAC_SAMPLES_PER_FRAME = 1024;

/** One silent ADTS frame: 7-byte header (no CRC) + SCE(global_gain 100, max_sfb 0) + END. */
export function silentAdtsFrame(): Buffer {
  // raw_data_block bits: id_syn_ele 000, tag 0000, global_gain 01100100, ics_info 0 00 0 000000 0,
  // pulse/tns/gain-control 0 0 0, ID_END 111 -> 32 bits.
  const raw = [0b0000000_0, 0b1100100_0, 0b00000000, 0b00_000_111];
  const length = 7 + raw.length;
  const header = [
    0xff, 0xf1, // sync, MPEG-4, layer 0, no CRC
    (1 << 6) | (6 << 2) | (0 << 1) | 0, // AAC LC (profile 1), 24 kHz (index 6), private 0, channel config high bit 0
    (1 << 6) | ((length >> 11) & 0x03), // channel config 1 (low two bits), frame length high bits
    (length >> 3) & 0xff,
    ((length & 0x07) << 5) | 0x1f, // frame length low bits, buffer fullness 0x7FF (VBR) high bits
    0xfc, // buffer fullness low bits, one raw data block
  ];
  return Buffer.from([...header, ...raw]);
}
