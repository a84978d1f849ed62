/* ht-stream.h: the binary stream from the preload library to the symbolizer
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by ht-preload-*.c (writer, libc only) and ht-stream-reader.c (reader).
 * Only the preload library and the symbolizer of one build speak it; the
 * final trace is heaptrack's interpreted text format (docs/trace-format.md).
 * docs/raw-stream.md describes the stream and how both ends use it.
 *
 * Numbers are unsigned LEB128 varints ("u" below): 7 bits a byte, low bits
 * first, the high bit set on every byte but the last. "z" is a signed
 * delta, zigzag-coded ((d << 1) ^ (d >> 63)) and then written as u.
 * "bytes" is u length then that many bytes.
 *
 * The stream is HT_STREAM_MAGIC (8 bytes), then messages, each starting
 * with its type byte:
 *
 *   HT_MSG_HEADER  u version code (major<<16 | minor<<8 | patch), u pid,
 *                  u page size, u physical pages, u attached (0/1),
 *                  bytes executable path (may be empty),
 *                  bytes /proc/self/cmdline (NUL-separated arguments).
 *                  Exactly once, right after the magic.
 *   HT_MSG_CHUNK   u thread, u length, then length bytes of records (below)
 *                  of one thread buffer, in that thread's order. Thread
 *                  numbers are the recorder's own (1, 2, ...), never reused
 *                  within a stream.
 *   HT_MSG_WATERMARK  u seq. Every event with a sequence number below seq
 *                  is already in the stream: the reader emits those in seq
 *                  order.
 *   HT_MSG_TICK    u seq, u milliseconds, u resident pages + 1 (0: unknown).
 *                  A watermark, then the timestamp (`c`) and RSS (`R`).
 *   HT_MSG_END     the same fields as TICK, written once when recording
 *                  stops normally. A stream that ends without it was cut
 *                  (the program was killed or exec'ed): the reader emits
 *                  whatever it holds.
 *
 * Records inside a chunk. The deltas restart at every chunk: the previous
 * seq and the previous pointer are 0 at the chunk's start.
 *
 *   HT_REC_ALLOC    z seq delta, u size, u stack id, z pointer delta
 *   HT_REC_FREE     z seq delta, z pointer delta (never a null pointer)
 *   HT_REC_MODULES  z seq delta, u count, then count times:
 *                   bytes name (empty: the main executable), u load base,
 *                   u number of PT_LOAD headers, then per header
 *                   u p_vaddr, u p_memsz. The whole module list: it
 *                   replaces the previous one at its place in seq order.
 *   HT_REC_STACK    u stack id, u frame count, then the frames' return
 *                   addresses (not minus 1), leaf first, each a z delta
 *                   from the previous frame (the first from 0). No seq: a
 *                   definition, in the stream before any event using the id
 *                   is released by a watermark; ids start at 1, 0 is the
 *                   empty stack. A stack defined after a dlclose gets a new
 *                   id even when its addresses are the same as an older one's.
 *   HT_REC_THREAD_END  the thread is gone: its queue may be dropped once
 *                   drained.
 *   HT_REC_MARK     z seq delta, u milliseconds, u resident pages + 1
 *                   (0: unknown): a timestamp (`c`) and RSS (`R`), in seq
 *                   order with the events. The clock thread writes one
 *                   every 10 ms.
 *
 * Sequence numbers come from one process-wide counter starting at 1: a
 * free takes its number before the real free runs, an allocation after the
 * real allocation returned, so seq order is an order in which no address
 * is handed out twice while live.
 */

#pragma once

#define HT_STREAM_MAGIC "HTGTKBS1"
#define HT_STREAM_MAGIC_LEN 8

enum
{
  HT_MSG_HEADER = 'H',
  HT_MSG_CHUNK = 'C',
  HT_MSG_TICK = 'T',
  HT_MSG_WATERMARK = 'W',
  HT_MSG_END = 'E',
};

enum
{
  HT_REC_ALLOC = 1,
  HT_REC_FREE = 2,
  HT_REC_MODULES = 3,
  HT_REC_STACK = 4,
  HT_REC_THREAD_END = 5,
  HT_REC_MARK = 6,
};

/* the longest varint: 64 bits at 7 a byte */
#define HT_VARINT_MAX 10
