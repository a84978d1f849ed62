/* ht-unwind.c: a fast stack unwinder for the preload library
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * unw_backtrace costs about half of the recording overhead. Nearly every
 * x86_64 frame follows one of a few shapes: the caller's stack pointer (the
 * CFA) is RSP or RBP plus a constant, the return address sits at CFA-8, and
 * RBP is either untouched or saved at CFA plus a constant. Such a rule is
 * worked out once per return address from the module's .eh_frame (found
 * through .eh_frame_hdr's sorted table) and kept in a hash table shared by
 * all threads. Each thread also remembers its last walk and a few hundred
 * rules of its own, so that the frames it saw the last time cost two loads
 * and a few comparisons (see "each thread's last walk" below).
 *
 * The answer must be unw_backtrace's, so this follows what libunwind 1.6's
 * fast trace (its x86_64 tdep_trace) does with such frames: the CFI row
 * looked at is the one for the return address minus 1; a frame whose return
 * address or RBP is DW_CFA_undefined ends the stack without being unwound; a
 * return address below 0x4000 ends it too. Every other kind of frame (signal
 * frames, DWARF expressions, registers saved elsewhere, code without an FDE,
 * a module not found) and anything odd on the stack send the whole call to
 * unw_backtrace itself, so results stay right.
 *
 * It runs inside malloc: memory comes from mmap, reads are lock-free, and
 * the one lock, taken to learn a new rule, is only ever tried: when it is
 * busy (another thread, or a signal handler interrupting the holder) the
 * call goes to libunwind instead of waiting.
 */

#define _GNU_SOURCE
#define UNW_LOCAL_ONLY

#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <libunwind.h>

#include "ht-unwind.h"

/* unw_backtrace into a larger buffer, without its first `skip` frames (ours) */
static __attribute__ ((noinline)) int
libunwind_backtrace (void **frames,
                     int    max,
                     int    skip)
{
  void *all[HT_UNWIND_MAX_FRAMES + 2];
  int n = unw_backtrace (all, max + skip);

  if (n <= skip)
    return 0;
  memcpy (frames, all + skip, (size_t) (n - skip) * sizeof (void *));
  return n - skip;
}

/* Keeps a call out of tail position, so that our own frame stays on the
 * stack that libunwind_backtrace skips. */
#define KEEP_FRAME() __asm__ volatile ("" ::: "memory")

#if defined(__x86_64__)

/* ---- the registers at a call inside ht_unwind_backtrace --------------------- */

typedef struct
{
  uintptr_t ip;  /* the return address of that call */
  uintptr_t sp;  /* the stack pointer after the return */
  uintptr_t bp;
} Regs;

/* Written in assembly so that the three values belong to one instruction:
 * the call to it, in the caller's frame. */
void ht_unwind_get_regs (Regs *regs) __attribute__ ((visibility ("hidden")));
__asm__ (".text\n"
         ".p2align 4\n"
         ".globl ht_unwind_get_regs\n"
         ".hidden ht_unwind_get_regs\n"
         ".type ht_unwind_get_regs, @function\n"
         "ht_unwind_get_regs:\n"
         ".cfi_startproc\n"
         "  movq (%rsp), %rax\n"
         "  movq %rax, 0(%rdi)\n"
         "  leaq 8(%rsp), %rax\n"
         "  movq %rax, 8(%rdi)\n"
         "  movq %rbp, 16(%rdi)\n"
         "  ret\n"
         ".cfi_endproc\n"
         ".size ht_unwind_get_regs, .-ht_unwind_get_regs\n");

/* ---- rules ------------------------------------------------------------------ */

enum { RULE_NONE, RULE_STEP, RULE_LAST, RULE_FALLBACK };
enum { RULE_CFA_RBP = 1, RULE_RBP_SAVED = 2 };

/* What to do with a frame, by its return address, in one word that stays in
 * a register on the walk: bits 0-7 the kind, 8-15 the flags, 16-31 where the
 * caller's RBP is from the CFA, 32-63 the CFA from RSP or RBP. 0 is no rule. */
typedef uint64_t Rule;

static inline Rule
make_rule (unsigned kind,
           unsigned flags,
           int32_t  cfa_offset,
           int16_t  rbp_offset)
{
  return kind | flags << 8 | (uint64_t) (uint16_t) rbp_offset << 16
         | (uint64_t) (uint32_t) cfa_offset << 32;
}

static inline unsigned rule_kind (Rule r) { return r & 0xff; }
static inline unsigned rule_flags (Rule r) { return (r >> 8) & 0xff; }
static inline int16_t rule_rbp_offset (Rule r) { return (int16_t) (r >> 16); }
static inline int32_t rule_cfa_offset (Rule r) { return (int32_t) (r >> 32); }

#define FALLBACK_RULE make_rule (RULE_FALLBACK, 0, 0, 0)
#define LAST_RULE make_rule (RULE_LAST, 0, 0, 0)

/* ---- the shared table of rules ---------------------------------------------- *
 *
 * Open addressing, keyed by return address, entries only ever added until
 * the whole table is wiped (when half full, or after a dlopen/dlclose).
 * A writer (under the lock) stores the rule, then publishes the key. A
 * reader loads the key, the rule, and the key again: the wipe zeroes keys
 * before any slot is reused, so an unchanged key means the rule is its own. */

#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)
#define TABLE_PROBES 8

typedef struct
{
  _Atomic uintptr_t ip;
  _Atomic uint64_t  rule;
} Entry;

static Entry *table;
static unsigned table_used;

/* ht_unwind_invalidate bumps `generation`; `table_generation` is the one the
 * table and the module list were made for. 0 = never made. */
static atomic_uint generation = 1;
static atomic_uint table_generation;

static atomic_flag lock = ATOMIC_FLAG_INIT;

static inline size_t
slot_of (uintptr_t ip)
{
  return (size_t) ((ip * UINT64_C (0x9e3779b97f4a7c15)) >> (64 - TABLE_BITS));
}

/* the rule kept for `ip`, or 0 */
static inline Rule
table_lookup (uintptr_t ip)
{
  size_t slot = slot_of (ip);

  for (int i = 0; i < TABLE_PROBES; i++)
    {
      Entry *e = &table[(slot + i) & (TABLE_SIZE - 1)];
      uintptr_t key = atomic_load_explicit (&e->ip, memory_order_acquire);

      if (key == ip)
        {
          Rule rule = atomic_load_explicit (&e->rule, memory_order_relaxed);

          atomic_thread_fence (memory_order_acquire);
          if (atomic_load_explicit (&e->ip, memory_order_relaxed) != ip)
            return 0;
          return rule;
        }
      if (key == 0)
        return 0;
    }
  return 0;
}

/* under the lock */
static void
table_wipe (void)
{
  /* fresh zero pages, without touching the memory */
  madvise (table, TABLE_SIZE * sizeof (Entry), MADV_DONTNEED);
  table_used = 0;
}

/* under the lock */
static void
table_insert (uintptr_t ip,
              Rule      rule)
{
  size_t slot = slot_of (ip);

  if (table_used >= TABLE_SIZE / 2)
    table_wipe ();
  for (int i = 0; i < TABLE_PROBES; i++)
    {
      Entry *e = &table[(slot + i) & (TABLE_SIZE - 1)];
      uintptr_t key = atomic_load_explicit (&e->ip, memory_order_relaxed);

      if (key == ip)
        return;
      if (key == 0)
        {
          atomic_store_explicit (&e->rule, rule, memory_order_relaxed);
          atomic_store_explicit (&e->ip, ip, memory_order_release);
          table_used++;
          return;
        }
    }
  /* a crowded neighbourhood: the rule is worked out again next time */
}

/* ---- the loaded modules (under the lock) -------------------------------------- */

typedef struct
{
  uintptr_t      start;  /* from the lowest to the end of the highest PT_LOAD */
  uintptr_t      end;
  const uint8_t *eh_frame_hdr;  /* NULL without PT_GNU_EH_FRAME */
} Module;

static Module *modules;
static size_t n_modules;
static size_t modules_capacity;

static int
add_module_cb (struct dl_phdr_info *info,
               size_t               size,
               void                *data)
{
  Module m = { UINTPTR_MAX, 0, NULL };

  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

      if (ph->p_type == PT_LOAD)
        {
          if (lo < m.start)
            m.start = lo;
          if (lo + ph->p_memsz > m.end)
            m.end = lo + ph->p_memsz;
        }
      else if (ph->p_type == PT_GNU_EH_FRAME)
        m.eh_frame_hdr = (const uint8_t *) lo;
    }
  if (m.start < m.end)
    {
      if (n_modules < modules_capacity)
        modules[n_modules] = m;
      n_modules++;
    }
  return 0;
}

static bool
read_modules (void)
{
  for (;;)
    {
      n_modules = 0;
      if (modules_capacity > 0)
        dl_iterate_phdr (add_module_cb, NULL);
      if (modules_capacity > 0 && n_modules <= modules_capacity)
        break;

      size_t capacity = modules_capacity ? 2 * n_modules : 256;
      void *mem = mmap (NULL, capacity * sizeof (Module), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mem == MAP_FAILED)
        return false;
      if (modules)
        munmap (modules, modules_capacity * sizeof (Module));
      modules = mem;
      modules_capacity = capacity;
    }

  /* by start address; an insertion sort is enough for a few thousand
   * modules, as this runs only after a dlopen or dlclose */
  for (size_t i = 1; i < n_modules; i++)
    {
      Module m = modules[i];
      size_t j = i;

      while (j > 0 && modules[j - 1].start > m.start)
        {
          modules[j] = modules[j - 1];
          j--;
        }
      modules[j] = m;
    }
  return true;
}

static const Module *
find_module (uintptr_t pc)
{
  size_t lo = 0, hi = n_modules;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (modules[mid].start <= pc)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0 || pc >= modules[lo - 1].end)
    return NULL;
  return &modules[lo - 1];
}

/* Makes the table and module list right for `gen`: under the lock. */
static __attribute__ ((noinline, cold)) bool
refresh (unsigned gen)
{
  if (table == NULL)
    {
      void *mem = mmap (NULL, TABLE_SIZE * sizeof (Entry), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mem == MAP_FAILED)
        return false;
      table = mem;
    }
  else
    table_wipe ();
  if (!read_modules ())
    return false;
  atomic_store_explicit (&table_generation, gen, memory_order_release);
  return true;
}

/* ---- reading .eh_frame --------------------------------------------------------- */

#define DW_EH_PE_omit 0xff
#define DW_EH_PE_pcrel 0x10
#define DW_EH_PE_datarel 0x30
#define DW_EH_PE_indirect 0x80

/* A bounded cursor: a read past `end` sets `bad` and yields 0. */
typedef struct
{
  const uint8_t *p;
  const uint8_t *end;
  bool           bad;
} Reader;

static uint64_t
read_fixed (Reader *r,
            size_t  n)
{
  uint64_t v = 0;

  if (r->bad || (size_t) (r->end - r->p) < n)
    {
      r->bad = true;
      return 0;
    }
  memcpy (&v, r->p, n);  /* little-endian */
  r->p += n;
  return v;
}

/* LEB128: 7 bits a byte, low first; a signed one extends its last sign bit */
static uint64_t
read_leb (Reader *r,
          bool    is_signed)
{
  uint64_t v = 0;
  unsigned shift = 0;
  uint8_t b;

  do
    {
      b = (uint8_t) read_fixed (r, 1);
      if (shift < 64)
        v |= (uint64_t) (b & 0x7f) << shift;
      shift += 7;
    }
  while ((b & 0x80) && !r->bad);
  if (is_signed && shift < 64 && (b & 0x40))
    v |= ~UINT64_C (0) << shift;
  return v;
}

static uint64_t
read_uleb (Reader *r)
{
  return read_leb (r, false);
}

static int64_t
read_sleb (Reader *r)
{
  return (int64_t) read_leb (r, true);
}

/* A pointer in one of the DW_EH_PE_* encodings; `datarel` is the base of
 * DW_EH_PE_datarel (the .eh_frame_hdr), or 0 where it is not allowed. */
static uintptr_t
read_encoded (Reader   *r,
              uint8_t   enc,
              uintptr_t datarel)
{
  uintptr_t at = (uintptr_t) r->p;
  uint64_t v;

  switch (enc & 0x0f)
    {
    case 0x00: v = read_fixed (r, 8); break;                      /* absptr */
    case 0x01: v = read_uleb (r); break;
    case 0x02: v = read_fixed (r, 2); break;
    case 0x03: v = read_fixed (r, 4); break;
    case 0x04: v = read_fixed (r, 8); break;
    case 0x09: v = (uint64_t) read_sleb (r); break;
    case 0x0a: v = (uint64_t) (int64_t) (int16_t) read_fixed (r, 2); break;
    case 0x0b: v = (uint64_t) (int64_t) (int32_t) read_fixed (r, 4); break;
    case 0x0c: v = read_fixed (r, 8); break;
    default: r->bad = true; return 0;
    }
  switch (enc & 0x70)
    {
    case 0: break;
    case DW_EH_PE_pcrel: v += at; break;
    case DW_EH_PE_datarel:
      if (datarel == 0)
        r->bad = true;
      v += datarel;
      break;
    default: r->bad = true;
    }
  if (enc & DW_EH_PE_indirect)
    r->bad = true;
  return (uintptr_t) v;
}

/* The FDE whose range may hold `pc`, from .eh_frame_hdr's sorted table. */
static const uint8_t *
find_fde (const Module *m,
          uintptr_t     pc)
{
  const uint8_t *hdr = m->eh_frame_hdr;
  Reader r = { hdr, (const uint8_t *) m->end, false };

  if ((uintptr_t) hdr < m->start || read_fixed (&r, 1) != 1)
    return NULL;
  uint8_t ptr_enc = (uint8_t) read_fixed (&r, 1);
  uint8_t count_enc = (uint8_t) read_fixed (&r, 1);
  uint8_t table_enc = (uint8_t) read_fixed (&r, 1);
  /* only the usual binary search table: libunwind searches others linearly */
  if (r.bad || ptr_enc == DW_EH_PE_omit || count_enc == DW_EH_PE_omit
      || table_enc != (DW_EH_PE_datarel | 0x0b))
    return NULL;
  read_encoded (&r, ptr_enc, (uintptr_t) hdr);
  uintptr_t count = read_encoded (&r, count_enc, (uintptr_t) hdr);
  if (r.bad || count == 0 || count > (uintptr_t) (r.end - r.p) / 8)
    return NULL;

  const int32_t *entries = (const int32_t *) r.p;
  size_t lo = 0, hi = count;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if ((uintptr_t) hdr + (intptr_t) entries[2 * mid] <= pc)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return NULL;
  return hdr + (intptr_t) entries[2 * lo - 1];
}

/* ---- running the CFA program ----------------------------------------------------- */

#define DWARF_RBP 6
#define DWARF_RSP 7
#define DWARF_RA 16
#define MAX_REMEMBERED 16

enum { HOW_SAME, HOW_UNDEFINED, HOW_OFFSET, HOW_OTHER };

typedef struct
{
  uint8_t how;
  int64_t offset;  /* HOW_OFFSET: saved at CFA + offset */
} RegRule;

/* One row of the CFI table, cut down to what the rules need. */
typedef struct
{
  uint64_t cfa_reg;
  int64_t  cfa_offset;
  bool     cfa_expression;
  RegRule  rbp, rsp, ra;
} Row;

typedef struct
{
  uint64_t code_align;
  int64_t  data_align;
  uint8_t  fde_enc;
  bool     has_z;
  bool     signal_frame;
} Cie;

static RegRule *
tracked (Row     *row,
         uint64_t reg)
{
  switch (reg)
    {
    case DWARF_RBP: return &row->rbp;
    case DWARF_RSP: return &row->rsp;
    case DWARF_RA: return &row->ra;
    default: return NULL;
    }
}

static void
set_rule (Row     *row,
          uint64_t reg,
          uint8_t  how,
          int64_t  offset)
{
  RegRule *rule = tracked (row, reg);

  if (rule)
    {
      rule->how = how;
      rule->offset = offset;
    }
}

/* DW_CFA_restore: back to the rule after the CIE's instructions, which
 * cannot use it themselves */
static bool
restore_rule (Row       *row,
              const Row *initial,
              uint64_t   reg)
{
  RegRule *rule = tracked (row, reg);
  Row before;

  if (initial == NULL)
    return false;
  before = *initial;
  if (rule)
    *rule = *tracked (&before, reg);
  return true;
}

/* Runs the instructions in `r` on `row` for the rows up to and including
 * location `pc`, starting at `loc`. `initial` is the state after the CIE's
 * instructions, for DW_CFA_restore; NULL while running those. */
static bool
run_program (Reader     *r,
             const Cie  *cie,
             uintptr_t   loc,
             uintptr_t   pc,
             const Row  *initial,
             Row        *row)
{
  Row remembered[MAX_REMEMBERED];
  int n_remembered = 0;

  while (r->p < r->end && !r->bad)
    {
      uint8_t op = (uint8_t) read_fixed (r, 1);
      uint8_t low = op & 0x3f;
      uint64_t reg, len;

      switch (op >> 6)
        {
        case 1:  /* DW_CFA_advance_loc */
          loc += low * cie->code_align;
          if (loc > pc)
            return true;
          continue;
        case 2:  /* DW_CFA_offset */
          set_rule (row, low, HOW_OFFSET, (int64_t) read_uleb (r) * cie->data_align);
          continue;
        case 3:  /* DW_CFA_restore */
          if (!restore_rule (row, initial, low))
            return false;
          continue;
        default:
          break;
        }

      switch (op)
        {
        case 0x00:  /* DW_CFA_nop */
          break;
        case 0x01:  /* DW_CFA_set_loc */
          loc = read_encoded (r, cie->fde_enc, 0);
          if (loc > pc)
            return !r->bad;
          break;
        case 0x02:  /* DW_CFA_advance_loc1 */
        case 0x03:  /* DW_CFA_advance_loc2 */
        case 0x04:  /* DW_CFA_advance_loc4 */
          loc += read_fixed (r, op == 0x02 ? 1 : op == 0x03 ? 2 : 4) * cie->code_align;
          if (loc > pc)
            return !r->bad;
          break;
        case 0x05:  /* DW_CFA_offset_extended */
          reg = read_uleb (r);
          set_rule (row, reg, HOW_OFFSET, (int64_t) read_uleb (r) * cie->data_align);
          break;
        case 0x06:  /* DW_CFA_restore_extended */
          if (!restore_rule (row, initial, read_uleb (r)))
            return false;
          break;
        case 0x07:  /* DW_CFA_undefined */
          set_rule (row, read_uleb (r), HOW_UNDEFINED, 0);
          break;
        case 0x08:  /* DW_CFA_same_value */
          set_rule (row, read_uleb (r), HOW_SAME, 0);
          break;
        case 0x09:  /* DW_CFA_register */
          reg = read_uleb (r);
          read_uleb (r);
          set_rule (row, reg, HOW_OTHER, 0);
          break;
        case 0x0a:  /* DW_CFA_remember_state */
          if (n_remembered == MAX_REMEMBERED)
            return false;
          remembered[n_remembered++] = *row;
          break;
        case 0x0b:  /* DW_CFA_restore_state */
          if (n_remembered == 0)
            return false;
          *row = remembered[--n_remembered];
          break;
        case 0x0c:  /* DW_CFA_def_cfa */
          row->cfa_reg = read_uleb (r);
          row->cfa_offset = (int64_t) read_uleb (r);
          row->cfa_expression = false;
          break;
        case 0x0d:  /* DW_CFA_def_cfa_register */
          row->cfa_reg = read_uleb (r);
          if (row->cfa_expression)
            return false;
          break;
        case 0x0e:  /* DW_CFA_def_cfa_offset */
          row->cfa_offset = (int64_t) read_uleb (r);
          if (row->cfa_expression)
            return false;
          break;
        case 0x0f:  /* DW_CFA_def_cfa_expression */
          len = read_uleb (r);
          r->p += len <= (uint64_t) (r->end - r->p) ? len : 0;
          row->cfa_expression = true;
          break;
        case 0x10:  /* DW_CFA_expression */
        case 0x16:  /* DW_CFA_val_expression */
          reg = read_uleb (r);
          len = read_uleb (r);
          if (len > (uint64_t) (r->end - r->p))
            return false;
          r->p += len;
          set_rule (row, reg, HOW_OTHER, 0);
          break;
        case 0x11:  /* DW_CFA_offset_extended_sf */
          reg = read_uleb (r);
          set_rule (row, reg, HOW_OFFSET, read_sleb (r) * cie->data_align);
          break;
        case 0x12:  /* DW_CFA_def_cfa_sf */
          row->cfa_reg = read_uleb (r);
          row->cfa_offset = read_sleb (r) * cie->data_align;
          row->cfa_expression = false;
          break;
        case 0x13:  /* DW_CFA_def_cfa_offset_sf */
          row->cfa_offset = read_sleb (r) * cie->data_align;
          if (row->cfa_expression)
            return false;
          break;
        case 0x14:  /* DW_CFA_val_offset */
        case 0x15:  /* DW_CFA_val_offset_sf */
          reg = read_uleb (r);
          if (op == 0x14)
            read_uleb (r);
          else
            read_sleb (r);
          set_rule (row, reg, HOW_OTHER, 0);
          break;
        case 0x2e:  /* DW_CFA_GNU_args_size */
          read_uleb (r);
          break;
        case 0x2f:  /* DW_CFA_GNU_negative_offset_extended */
          reg = read_uleb (r);
          set_rule (row, reg, HOW_OFFSET, -(int64_t) read_uleb (r) * cie->data_align);
          break;
        default:
          return false;
        }
    }
  return !r->bad;
}

/* Reads the length of the CIE or FDE at `at` and narrows `r` to its body;
 * `r->p` is left on the CIE id or CIE pointer. */
static bool
open_record (Reader        *r,
             const uint8_t *at,
             const Module  *m)
{
  uint64_t length;

  r->p = at;
  r->end = (const uint8_t *) m->end;
  r->bad = (uintptr_t) at < m->start;
  length = read_fixed (r, 4);
  /* 64-bit DWARF never shows up in .eh_frame on x86_64 */
  if (r->bad || length == 0 || length == 0xffffffff
      || length > (uint64_t) (r->end - r->p))
    return false;
  r->end = r->p + length;
  return true;
}

static bool
parse_cie (const uint8_t *at,
           const Module  *m,
           Cie           *cie,
           Reader        *program)
{
  Reader r;
  char aug[8];
  size_t n_aug = 0;
  uint8_t version;
  uint64_t ra_reg;

  if (!open_record (&r, at, m) || read_fixed (&r, 4) != 0)
    return false;
  version = (uint8_t) read_fixed (&r, 1);
  if (version != 1 && version != 3)
    return false;
  for (;;)
    {
      char c = (char) read_fixed (&r, 1);

      if (r.bad || n_aug == sizeof aug)
        return false;
      aug[n_aug++] = c;
      if (c == '\0')
        break;
    }
  cie->code_align = read_uleb (&r);
  cie->data_align = read_sleb (&r);
  ra_reg = version == 1 ? read_fixed (&r, 1) : read_uleb (&r);
  if (ra_reg != DWARF_RA)
    return false;
  cie->fde_enc = 0;
  cie->signal_frame = false;
  cie->has_z = aug[0] == 'z';
  if (cie->has_z)
    {
      uint64_t len = read_uleb (&r);
      const uint8_t *data_end;

      if (r.bad || len > (uint64_t) (r.end - r.p))
        return false;
      data_end = r.p + len;
      for (size_t i = 1; aug[i] != '\0'; i++)
        {
          switch (aug[i])
            {
            case 'R':
              cie->fde_enc = (uint8_t) read_fixed (&r, 1);
              break;
            case 'L':
              read_fixed (&r, 1);
              break;
            case 'P':
              /* skip the personality routine's pointer: only its size matters */
              read_encoded (&r, (uint8_t) read_fixed (&r, 1) & 0x0f, 0);
              break;
            case 'S':
              cie->signal_frame = true;
              break;
            default:
              return false;
            }
        }
      r.p = data_end;
    }
  else if (aug[0] != '\0')
    return false;
  if (r.bad)
    return false;
  *program = r;
  return true;
}

/* The rule for the frame whose return address is `ip`; under the lock. */
static Rule
compute_rule (uintptr_t ip)
{
  /* the call instruction, as the return address may already be the next
   * function or a row that only applies after the call */
  uintptr_t pc = ip - 1;
  const Module *m = find_module (pc);
  const uint8_t *fde;
  Reader r, cie_program;
  Cie cie;
  Row row = { .cfa_reg = UINT64_MAX };
  Row initial;
  uintptr_t pc_begin, pc_range;

  if (m == NULL || m->eh_frame_hdr == NULL || (fde = find_fde (m, pc)) == NULL)
    return FALLBACK_RULE;
  if (!open_record (&r, fde, m))
    return FALLBACK_RULE;
  const uint8_t *id_at = r.p;
  uint32_t cie_pointer = (uint32_t) read_fixed (&r, 4);
  if (r.bad || cie_pointer == 0 || cie_pointer > (uintptr_t) id_at
      || !parse_cie (id_at - cie_pointer, m, &cie, &cie_program)
      || cie.signal_frame)
    return FALLBACK_RULE;
  pc_begin = read_encoded (&r, cie.fde_enc, 0);
  pc_range = read_encoded (&r, cie.fde_enc & 0x0f, 0);
  if (cie.has_z)
    {
      uint64_t len = read_uleb (&r);

      if (len > (uint64_t) (r.end - r.p))
        return FALLBACK_RULE;
      r.p += len;
    }
  if (r.bad || pc < pc_begin || pc - pc_begin >= pc_range)
    return FALLBACK_RULE;

  if (!run_program (&cie_program, &cie, pc_begin, UINTPTR_MAX, NULL, &row))
    return FALLBACK_RULE;
  initial = row;
  if (!run_program (&r, &cie, pc_begin, pc, &initial, &row))
    return FALLBACK_RULE;

  /* What libunwind's fast trace can step through, with its limits. */
  bool cfa_ok = !row.cfa_expression && (row.cfa_reg == DWARF_RSP || row.cfa_reg == DWARF_RBP)
                && row.cfa_offset > -(1 << 28) && row.cfa_offset < (1 << 28);
  if (!cfa_ok)
    return FALLBACK_RULE;
  if (row.ra.how == HOW_UNDEFINED || row.rbp.how == HOW_UNDEFINED)
    return LAST_RULE;
  if (row.ra.how != HOW_OFFSET || row.ra.offset != -8)
    return FALLBACK_RULE;
  if (row.rsp.how != HOW_SAME)
    return FALLBACK_RULE;

  unsigned flags = row.cfa_reg == DWARF_RBP ? RULE_CFA_RBP : 0;
  int16_t rbp_offset = 0;
  if (row.rbp.how == HOW_OFFSET)
    {
      if (row.rbp.offset <= -(1 << 14) || row.rbp.offset >= (1 << 14) || row.rbp.offset == -1)
        return FALLBACK_RULE;
      rbp_offset = (int16_t) row.rbp.offset;
      flags |= RULE_RBP_SAVED;
    }
  else if (row.rbp.how != HOW_SAME)
    return FALLBACK_RULE;
  return make_rule (RULE_STEP, flags, (int32_t) row.cfa_offset, rbp_offset);
}

/* ---- each thread's last walk ------------------------------------------------------ *
 *
 * Allocations come in runs from the same places, so most of a stack is the
 * same as one of the last few (a loop that allocates at a few sites in
 * turn). Each thread keeps its last HISTORY walks, frame by frame (stack
 * pointer, return address, rule): a frame found in the walk followed at
 * the same stack pointer with the same return address takes the rule from
 * there, which costs no table probe on the chain of dependent loads. The
 * walk followed is the last one; where a frame differs from it, another
 * of the last walks with that frame at the same depth, if any. Other frames
 * look in a small table of the thread's own before the shared one: that
 * one is spread over a megabyte, and the program's own memory traffic
 * evicts it. The rule of a return address never changes within a
 * generation, so all this only saves time; every frame is still read from
 * the stack.
 *
 * Where the stacks change from one walk to the next all the way down (a
 * deep recursion that takes another path each time), the history is never
 * followed for long, and reading it and writing it cost a fifth of the walk.
 * A thread whose last USELESS_AFTER walks followed it for less than half
 * their frames stops using it, and tries it again once every PROBE_EVERY
 * walks (the HISTORY walks before the try write theirs). */

typedef struct
{
  uintptr_t sp;  /* the registers in the frame */
  uintptr_t ip;  /* its return address */
  uintptr_t bp;
  Rule      rule;
} Seen;

#define NEAR_BITS 9
#define NEAR_SIZE (1u << NEAR_BITS)

typedef struct
{
  uintptr_t ip;
  Rule      rule;
} NearRule;

#define HISTORY 4
/* how often a walk looks for another walk to follow */
#define SWITCHES 2
#define USELESS_AFTER 8
#define PROBE_EVERY 64

typedef struct
{
  unsigned generation;
  int      last;  /* which of seen[] holds the last walk; the one after it
                   * (cyclically) the oldest, which the next walk replaces */
  int      n_seen[HISTORY + 1];
  unsigned walks;    /* counts the walks, for the tries */
  int      useless;  /* walks in a row that followed the history little */
  Seen     seen[HISTORY + 1][HT_UNWIND_MAX_FRAMES + 1];
  NearRule near[NEAR_SIZE];  /* direct-mapped by near_slot () */
} ThreadCache;

/* Another of the last walks of @cache than the one at @slot whose frame
 * @index is @sp, @ip, or -1. Looking at the same depth only is cheap, and
 * enough: the walks of one site share the frames below, those of the
 * allocator and of our hook. */
static int
other_walk (const ThreadCache *cache,
            int                slot,
            int                index,
            uintptr_t          sp,
            uintptr_t          ip)
{
  /* newest first, from the last walk back */
  for (int i = 0, other = cache->last; i < HISTORY; i++, other = other > 0 ? other - 1 : HISTORY)
    {
      const Seen *seen = &cache->seen[other][index];

      if (other != slot && index < cache->n_seen[other] && seen->sp == sp && seen->ip == ip)
        return other;
    }
  return -1;
}

static inline size_t
near_slot (uintptr_t ip)
{
  return (ip ^ (ip >> NEAR_BITS)) & (NEAR_SIZE - 1);
}

/* a thread that has gone through its exit (its cache is gone) */
#define THREAD_CACHE_OFF ((ThreadCache *) 1)

static __thread ThreadCache *thread_cache __attribute__ ((tls_model ("initial-exec")));
static __thread bool thread_cache_busy __attribute__ ((tls_model ("initial-exec")));
static pthread_key_t thread_cache_key;
static bool thread_cache_key_ok;

static void
thread_cache_free (void *cache)
{
  thread_cache = THREAD_CACHE_OFF;
  munmap (cache, sizeof (ThreadCache));
}

/* Made before the program runs, so that glibc keeps our key's value in the
 * thread descriptor: pthread_setspecific callocs for keys from 32 on. */
__attribute__ ((constructor)) static void
thread_cache_init (void)
{
  if (pthread_key_create (&thread_cache_key, thread_cache_free) != 0)
    return;
  if (thread_cache_key < 32)
    thread_cache_key_ok = true;
  else
    pthread_key_delete (thread_cache_key);
}

/* This thread's cache, or NULL: none to be had, or in use further down the
 * stack (a signal handler interrupted a walk). */
static ThreadCache *
thread_cache_get (void)
{
  ThreadCache *cache = thread_cache;

  if (cache == THREAD_CACHE_OFF || thread_cache_busy || !thread_cache_key_ok)
    return NULL;
  if (cache == NULL)
    {
      void *mem = mmap (NULL, sizeof (ThreadCache), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (mem == MAP_FAILED)
        return NULL;
      if (pthread_setspecific (thread_cache_key, mem) != 0)
        {
          munmap (mem, sizeof (ThreadCache));
          return NULL;
        }
      cache = thread_cache = mem;
    }
  thread_cache_busy = true;
  atomic_signal_fence (memory_order_seq_cst);
  return cache;
}

static void
thread_cache_release (void)
{
  atomic_signal_fence (memory_order_seq_cst);
  thread_cache_busy = false;
}

/* ---- the walk ---------------------------------------------------------------------- */

/* No thread's frames span more than this: reads beyond it are not tried. */
#define MAX_STACK_SPAN ((uintptr_t) 64 << 20)

extern void *__libc_stack_end;

/* An upper bound of the stack holding `sp`, found without a system call:
 * glibc puts a thread's descriptor at the top of its stack, and
 * __libc_stack_end is the top of the main thread's. Elsewhere (sigaltstack,
 * coroutines) only the span limit holds; a bound too low just means
 * libunwind does that call. */
static uintptr_t
stack_limit (uintptr_t sp)
{
  uintptr_t limit = sp + MAX_STACK_SPAN;
  uintptr_t self = (uintptr_t) pthread_self ();
  uintptr_t main_end = (uintptr_t) __libc_stack_end;

  if (self > sp && self < limit)
    limit = self;
  if (main_end > sp && main_end < limit)
    limit = main_end;
  return limit;
}

/* Under the lock: the rule for `ip`, learnt and kept. 0 when the lock is
 * busy or the tables cannot be made. */
static __attribute__ ((noinline, cold)) Rule
learn_rule (uintptr_t ip)
{
  bool ok = true;
  Rule rule = 0;

  if (atomic_flag_test_and_set_explicit (&lock, memory_order_acquire))
    return false;
  unsigned gen = atomic_load_explicit (&generation, memory_order_acquire);
  if (gen != atomic_load_explicit (&table_generation, memory_order_relaxed))
    ok = refresh (gen);
  if (ok)
    {
      rule = compute_rule (ip);
      table_insert (ip, rule);
    }
  atomic_flag_clear_explicit (&lock, memory_order_release);
  return rule;
}

static bool
tables_ready (void)
{
  unsigned gen = atomic_load_explicit (&generation, memory_order_acquire);
  bool ok = true;

  if (gen == atomic_load_explicit (&table_generation, memory_order_acquire))
    return true;
  if (atomic_flag_test_and_set_explicit (&lock, memory_order_acquire))
    return false;
  gen = atomic_load_explicit (&generation, memory_order_acquire);
  if (gen != atomic_load_explicit (&table_generation, memory_order_relaxed))
    ok = refresh (gen);
  atomic_flag_clear_explicit (&lock, memory_order_release);
  return ok;
}

/* Whether a frame at the stack pointer and return address of @seen, with
 * @bp in rbp, has the CFA it had there */
static inline bool
same_cfa (const Seen *seen,
          uintptr_t   bp)
{
  return !(rule_flags (seen->rule) & RULE_CFA_RBP) || seen->bp == bp;
}

/* The rule of the frame that returns to @ip, or 0 for libunwind to walk.
 *
 * Frames in a row often share their rule (a recursion, functions built
 * alike), so the step goes on with @guess, the last frame's rule, and the
 * probe's answer is only compared with it, off the chain of dependent loads
 * (each frame's return address is read from where the rule before said).
 * The compare is opaque to the compiler, which would otherwise take the
 * answer for both, and the branch stays a branch, not a conditional move. */
static inline Rule
rule_for (ThreadCache *cache,
          uintptr_t    ip,
          Rule        *guess)
{
  Rule found;
  bool same;

  if (cache && cache->near[near_slot (ip)].ip == ip)
    found = cache->near[near_slot (ip)].rule;
  else
    {
      if ((found = table_lookup (ip)) == 0 && (found = learn_rule (ip)) == 0)
        return 0;
      if (cache)
        cache->near[near_slot (ip)] = (NearRule) { ip, found };
    }
  __asm__ ("cmp %1, %2" : "=@ccz" (same) : "r" (found), "r" (*guess));
  if (__builtin_expect (!same, 0))
    {
      *guess = found;
      __asm__ volatile ("" ::: "memory");
    }
  return *guess;
}

typedef enum
{
  STEP_DONE,      /* the outermost frame: the walk ends */
  STEP_NEXT,      /* sp, ip, bp now describe the next frame */
  STEP_LIBUNWIND  /* no rule we trust: libunwind walks */
} StepResult;

/* Steps the frame @sp, @ip, @bp by @rule to its caller, keeping the frame
 * in @now[*@depth] (if @now) and its caller's return address in
 * @frames[*@depth]; @cfa is the CFA when already known, else 0. */
static inline StepResult
step_frame (Rule       rule,
            uintptr_t  cfa,
            uintptr_t  limit,
            uintptr_t *sp,
            uintptr_t *ip,
            uintptr_t *bp,
            Seen      *now,
            void     **frames,
            int       *depth)
{
  if (now)
    now[*depth] = (Seen) { *sp, *ip, *bp, rule };
  if (__builtin_expect (rule_kind (rule) != RULE_STEP, 0))
    return rule_kind (rule) == RULE_LAST ? STEP_DONE : STEP_LIBUNWIND;

  /* The CFA only grows and stays on this stack; anything else is left to
   * libunwind. */
  if (cfa == 0)
    cfa = ((rule_flags (rule) & RULE_CFA_RBP) ? *bp : *sp) + rule_cfa_offset (rule);
  if (cfa <= *sp || cfa > limit || (cfa & 7) != 0)
    return STEP_LIBUNWIND;
  *ip = *(const uintptr_t *) (cfa - 8);
  if (rule_flags (rule) & RULE_RBP_SAVED)
    {
      uintptr_t at = cfa + rule_rbp_offset (rule);

      if (at < *sp || at > limit - 8 || (at & 7) != 0)
        return STEP_LIBUNWIND;
      *bp = *(const uintptr_t *) at;
    }
  *sp = cfa;
  if (*ip < 0x4000)
    return STEP_DONE;
  frames[(*depth)++] = (void *) *ip;
  return STEP_NEXT;
}

/* The frames above the frame of @regs, or -1 for libunwind to do it, by
 * rules alone; each frame goes into @now too when it is not NULL. */
static int
walk_plain (const Regs  *regs,
            void       **frames,
            int          max,
            ThreadCache *cache,
            Seen        *now)
{
  uintptr_t ip = regs->ip, sp = regs->sp, bp = regs->bp;
  uintptr_t limit = stack_limit (sp);
  Rule guess = 0;
  int depth = 0;

  while (depth < max)
    {
      Rule rule = rule_for (cache, ip, &guess);
      StepResult r;

      if (rule == 0)
        return -1;
      r = step_frame (rule, 0, limit, &sp, &ip, &bp, now, frames, &depth);
      if (r == STEP_LIBUNWIND)
        return -1;
      if (r == STEP_DONE)
        break;
    }
  return depth;
}

/* Like walk_plain, following the walks in @cache's history where the
 * stack is as they saw it, from the last one (at @slot); every frame goes
 * into @now. @followed counts the frames whose rule came from there. */
static int
walk_followed (const Regs  *regs,
               void       **frames,
               int          max,
               ThreadCache *cache,
               int          slot,
               Seen        *now,
               int         *followed)
{
  uintptr_t ip = regs->ip, sp = regs->sp, bp = regs->bp;
  uintptr_t limit = stack_limit (sp);
  const Seen *before = cache->seen[slot];
  int n_before = cache->n_seen[slot], j = 0, depth = 0, switches = SWITCHES;
  Rule guess = 0;

  while (depth < max)
    {
      Rule rule;
      uintptr_t cfa = 0;
      StepResult r;

      /* both walks go up the stack: catch up with this one */
      while (j < n_before && before[j].sp < sp)
        j++;
      if (switches > 0 && j < n_before && (before[j].sp != sp || before[j].ip != ip))
        {
          int other = other_walk (cache, slot, depth, sp, ip);

          switches--;
          if (other >= 0)
            {
              slot = other;
              before = cache->seen[slot];
              n_before = cache->n_seen[slot];
              j = depth;
            }
        }
      if (j < n_before && before[j].sp == sp && before[j].ip == ip)
        {
          /* Frames in the same state as in the walk followed are stepped
           * as it did, for as long as the stack still holds what it read:
           * each step is two loads whose addresses are known in advance.
           * A frame's state is its stack pointer and return address, and
           * its rbp only where its rule takes the CFA from rbp: elsewhere
           * rbp can hold anything (code built without frame pointers uses
           * it as it likes), and it goes up as it is or is read from the
           * stack. */
          while (j + 1 < n_before && depth < max && same_cfa (&before[j], bp))
            {
              const Seen *next = &before[j + 1];
              Rule known = before[j].rule;
              uintptr_t next_bp = bp;

              if (next->sp > limit)
                break;
              if (rule_flags (known) & RULE_RBP_SAVED)
                {
                  uintptr_t at = next->sp + rule_rbp_offset (known);

                  if (at > limit - 8)
                    break;
                  next_bp = *(const uintptr_t *) at;
                }
              if (*(const uintptr_t *) (next->sp - 8) != next->ip)
                break;
              now[depth] = (Seen) { sp, ip, bp, known };
              frames[depth++] = (void *) next->ip;
              (*followed)++;
              sp = next->sp;
              ip = next->ip;
              bp = next_bp;
              j++;
            }
          if (depth == max)
            break;
          rule = before[j].rule;
          /* The same frame in the same state steps to the same CFA: where
           * the last walk found the next frame. Taking it from there keeps
           * the rule off the chain of dependent loads. */
          if (j + 1 < n_before && same_cfa (&before[j], bp))
            cfa = before[j + 1].sp;
          j++;
          (*followed)++;
          guess = rule;
        }
      else if ((rule = rule_for (cache, ip, &guess)) == 0)
        return -1;
      r = step_frame (rule, cfa, limit, &sp, &ip, &bp, now, frames, &depth);
      if (r == STEP_LIBUNWIND)
        return -1;
      if (r == STEP_DONE)
        break;
    }
  return depth;
}

/* The frames above the frame of @regs, or -1 for libunwind to do it. */
static int
walk (const Regs  *regs,
      void       **frames,
      int          max,
      ThreadCache *cache)
{
  unsigned gen, phase;
  bool reads;
  Seen *now = NULL;
  int n, followed = 0;

  if (!tables_ready ())
    return -1;
  if (cache == NULL)
    return walk_plain (regs, frames, max, NULL, NULL);

  gen = atomic_load_explicit (&table_generation, memory_order_relaxed);
  if (cache->generation != gen)
    {
      memset (cache->n_seen, 0, sizeof cache->n_seen);
      memset (cache->near, 0, sizeof cache->near);
      cache->generation = gen;
    }
  phase = cache->walks++ % PROBE_EVERY;
  reads = cache->useless < USELESS_AFTER || phase == PROBE_EVERY - 1;
  if (reads || phase >= PROBE_EVERY - 1 - HISTORY)
    now = cache->seen[(cache->last + 1) % (HISTORY + 1)];
  if (reads)
    n = walk_followed (regs, frames, max, cache, cache->last, now, &followed);
  else
    n = walk_plain (regs, frames, max, cache, now);
  if (n < 0)
    return -1;

  /* the frame that ended the walk is not kept: it is never stepped */
  cache->last = (cache->last + 1) % (HISTORY + 1);
  cache->n_seen[cache->last] = now ? n : 0;
  if (reads)
    cache->useless = followed * 2 < n ? cache->useless + (cache->useless < USELESS_AFTER) : 0;
  return n;
}

static int
walk_with_cache (const Regs *regs,
                 void      **frames,
                 int         max)
{
  ThreadCache *cache = thread_cache_get ();
  int n = walk (regs, frames, max, cache);

  if (cache)
    thread_cache_release ();
  return n;
}

int
ht_unwind_backtrace (void **frames,
                     int    max)
{
  Regs regs;
  int n;

  if (max <= 0)
    return 0;
  if (max > HT_UNWIND_MAX_FRAMES)
    max = HT_UNWIND_MAX_FRAMES;
  ht_unwind_get_regs (&regs);
  n = walk_with_cache (&regs, frames, max);
  if (n < 0)
    n = libunwind_backtrace (frames, max, 2);
  KEEP_FRAME ();
  return n;
}

int
ht_unwind_backtrace_fast (void **frames,
                          int    max)
{
  Regs regs;
  int n;

  if (max <= 0)
    return 0;
  if (max > HT_UNWIND_MAX_FRAMES)
    max = HT_UNWIND_MAX_FRAMES;
  ht_unwind_get_regs (&regs);
  n = walk_with_cache (&regs, frames, max);
  KEEP_FRAME ();
  return n;
}

int
ht_unwind_backtrace_from (uintptr_t ip,
                          uintptr_t sp,
                          uintptr_t bp,
                          void    **frames,
                          int       max)
{
  Regs regs = { ip, sp, bp };
  int n;

  if (max <= 0)
    return 0;
  if (max > HT_UNWIND_MAX_FRAMES)
    max = HT_UNWIND_MAX_FRAMES;
  frames[0] = (void *) ip;
  n = walk_with_cache (&regs, frames + 1, max - 1);
  return n < 0 ? -1 : n + 1;
}

void
ht_unwind_invalidate (void)
{
  atomic_fetch_add_explicit (&generation, 1, memory_order_release);
}

#else /* !__x86_64__: libunwind does it all */

int
ht_unwind_backtrace (void **frames,
                     int    max)
{
  int n;

  if (max <= 0)
    return 0;
  if (max > HT_UNWIND_MAX_FRAMES)
    max = HT_UNWIND_MAX_FRAMES;
  n = libunwind_backtrace (frames, max, 2);
  KEEP_FRAME ();
  return n;
}

int
ht_unwind_backtrace_fast (void **frames,
                          int    max)
{
  return -1;
}

int
ht_unwind_backtrace_from (uintptr_t ip,
                          uintptr_t sp,
                          uintptr_t bp,
                          void    **frames,
                          int       max)
{
  return -1;
}

void
ht_unwind_invalidate (void)
{
}

#endif
