/* ht-symbolizer-symbols.c: from a stack id to heaptrack's trace tree and symbols
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stacks as the stream defines them; the module list, which tells
 * which module an address belongs to; and for each distinct instruction
 * pointer of a module mapping, once, its function, file, line and
 * inlined frames from elfutils' libdwfl (docs/raw-stream.md §12.4),
 * demangled. Here because this is the only part that needs the program's
 * binaries and debug info: the rest of the symbolizer can be tested and
 * fuzzed without them.
 */

#define G_LOG_DOMAIN "ht-symbolizer"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <dwarf.h>
#include <elfutils/libdw.h>

#include "ht-demangle.h"
#include "ht-symbolizer-private.h"

typedef struct
{
  guint64 start;
  guint64 end;      /* inclusive */
  guint   module;
} Fragment;

typedef struct
{
  char        *path;      /* recorded path, the main executable's filled in */
  guint32      string;
  guint32      uid;       /* the same while the same file stays at the same base */
  guint64      base;
  Dwfl_Module *dwfl_module;
  gboolean     reported;
} Module;

static char *debuginfo_path = NULL;

static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = dwfl_build_id_find_elf,
  .find_debuginfo = dwfl_standard_find_debuginfo,
  .section_address = dwfl_offline_section_address,
  .debuginfo_path = &debuginfo_path,
};

/* ---- modules ------------------------------------------------------------- */

static int
fragment_compare (gconstpointer a,
                  gconstpointer b)
{
  const Fragment *fa = a, *fb = b;

  return fa->start < fb->start ? -1 : fa->start > fb->start;
}

static gboolean
ip_of_removed_module (gpointer key,
                      gpointer value,
                      gpointer user_data)
{
  GHashTable *kept = user_data;
  guint32 uid = (guint32) (GPOINTER_TO_SIZE (value) >> 32);

  /* an IP outside every module may fall into a new one */
  return uid == 0 || !g_hash_table_contains (kept, GUINT_TO_POINTER (uid));
}

/* Replaces the module list. A module that stays (same file, same base)
 * keeps its uid and its IPs; the IPs of the others are forgotten, so an
 * address reused by another library gets its own symbol. */
void
_ht_symbols_replace_modules (Symbolizer *self,
                             GPtrArray  *list)
{
  g_autoptr(GArray) old = self->modules;
  g_autoptr(GHashTable) kept = g_hash_table_new (g_direct_hash, g_direct_equal);

  self->modules = g_array_new (FALSE, TRUE, sizeof (Module));
  g_array_set_size (self->fragments, 0);
  self->fragments_sorted = FALSE;
  /* libdwfl reports each module once: start over with the new list */
  g_clear_pointer (&self->dwfl, dwfl_end);

  for (guint i = 0; i < list->len; i++)
    {
      const HtStreamModule *raw = g_ptr_array_index (list, i);
      Module module = { 0 };

      if (raw->name[0] == '\0')
        module.path = g_strdup (self->exe_path != NULL ? self->exe_path : "x");
      else
        module.path = g_strdup (raw->name);
      module.base = raw->base;
      module.string = _ht_writer_intern (self, module.path);
      for (guint k = 0; k < old->len; k++)
        {
          const Module *o = &g_array_index (old, Module, k);

          if (o->base == module.base && strcmp (o->path, module.path) == 0)
            module.uid = o->uid;
        }
      if (module.uid == 0)
        module.uid = ++self->next_module_uid;
      g_hash_table_add (kept, GUINT_TO_POINTER (module.uid));
      g_array_append_val (self->modules, module);

      for (guint s = 0; s + 1 < raw->segments->len; s += 2)
        {
          guint64 vaddr = g_array_index (raw->segments, guint64, s);
          guint64 memsz = g_array_index (raw->segments, guint64, s + 1);
          Fragment f = { raw->base + vaddr, raw->base + vaddr + memsz, self->modules->len - 1 };

          g_array_append_val (self->fragments, f);
        }
    }
  for (guint k = 0; k < old->len; k++)
    g_free (g_array_index (old, Module, k).path);
  g_hash_table_foreach_remove (self->ips, ip_of_removed_module, kept);
}

static Module *
module_for_ip (Symbolizer *self,
               guint64     ip)
{
  guint lo = 0, hi;

  if (!self->fragments_sorted)
    {
      g_array_sort (self->fragments, fragment_compare);
      self->fragments_sorted = TRUE;
    }
  hi = self->fragments->len;
  /* the last fragment that starts at or before ip */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->fragments, Fragment, mid).start <= ip)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* segments do not overlap in practice; look back a little in case */
  for (guint i = lo; i > 0 && lo - i < 4; i--)
    {
      const Fragment *f = &g_array_index (self->fragments, Fragment, i - 1);

      if (f->start <= ip && ip <= f->end)
        return &g_array_index (self->modules, Module, f->module);
    }
  return NULL;
}

static Dwfl_Module *
module_report (Symbolizer *self,
               Module     *module)
{
  g_autofree char *file = NULL;

  if (module->reported)
    return module->dwfl_module;
  module->reported = TRUE;
  module->dwfl_module = NULL;

  if (g_str_has_prefix (module->path, "linux-vdso.so")
      || g_str_has_prefix (module->path, "linux-gate.so"))
    return NULL;
  if (self->dwfl == NULL)
    self->dwfl = dwfl_begin (&dwfl_callbacks);
  if (self->dwfl == NULL)
    return NULL;

  file = self->sysroot != NULL && g_path_is_absolute (module->path)
         ? g_build_filename (self->sysroot, module->path, NULL)
         : g_strdup (module->path);
  dwfl_report_begin_add (self->dwfl);
  module->dwfl_module = dwfl_report_elf (self->dwfl, module->path, file, -1,
                                         module->base, false);
  dwfl_report_end (self->dwfl, NULL, NULL);
  return module->dwfl_module;
}

/* ---- symbols ------------------------------------------------------------- */

/* C++ and Rust names made readable; the mangled name stays when that fails */
static char *
demangle (const char *name)
{
  char *readable = ht_demangle (name);

  return readable != NULL ? readable : g_strdup (name);
}


static char *
die_name (Dwarf_Die *die)
{
  Dwarf_Attribute attr;
  const char *name = NULL;

  if (dwarf_attr_integrate (die, DW_AT_linkage_name, &attr) != NULL
      || dwarf_attr_integrate (die, DW_AT_MIPS_linkage_name, &attr) != NULL)
    name = dwarf_formstring (&attr);
  if (name == NULL && dwarf_attr_integrate (die, DW_AT_name, &attr) != NULL)
    name = dwarf_formstring (&attr);
  return name != NULL ? demangle (name) : NULL;
}

static gboolean
is_function_scope (Dwarf_Die *die)
{
  int tag = dwarf_tag (die);

  return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

/* One `i` line; the inlined triples come from DWARF scopes
 * (docs/trace-format.md §4.7, docs/raw-stream.md §12.4). */
static guint32
symbolize (Symbolizer *self,
           guint64     ip,
           Module     *module)
{
  guint32 module_string = module ? module->string : 0;
  g_autofree char *function = NULL;
  const char *file = NULL;
  int line = 0;
  GArray *inlined = g_array_new (FALSE, FALSE, sizeof (guint32) * 3);
  Dwfl_Module *mod = module ? module_report (self, module) : NULL;

  if (mod != NULL)
    {
      Dwarf_Addr bias = 0;
      Dwarf_Die *cudie = dwfl_module_addrdie (mod, ip, &bias);
      Dwfl_Line *dwfl_line = dwfl_module_getsrc (mod, ip);

      if (dwfl_line != NULL)
        file = dwfl_lineinfo (dwfl_line, NULL, &line, NULL, NULL, NULL);

      if (cudie != NULL)
        {
          Dwarf_Die *scopes = NULL;
          int n = dwarf_getscopes (cudie, ip - bias, &scopes);
          Dwarf_Files *files = NULL;
          size_t n_files = 0;
          int first = -1;

          dwarf_getsrcfiles (cudie, &files, &n_files);
          for (int i = 0; i < n; i++)
            if (is_function_scope (&scopes[i]))
              {
                first = i;
                break;
              }
          if (first >= 0 && dwarf_tag (&scopes[first]) == DW_TAG_inlined_subroutine)
            {
              /* dwarf_getscopes continues with the abstract definition's
               * scopes after an inlined routine; the concrete callers come
               * from the chain of DIEs containing it */
              Dwarf_Die inlined_die = scopes[first];
              Dwarf_Die *chain = NULL;
              int n_chain = dwarf_getscopes_die (&inlined_die, &chain);

              if (n_chain > 0)
                {
                  free (scopes);
                  scopes = chain;
                  n = n_chain;
                  first = 0;
                }
            }
          if (first >= 0)
            {
              function = die_name (&scopes[first]);
              /* walk outwards: each inlined scope names its call site in the next function */
              int inner = first;
              while (dwarf_tag (&scopes[inner]) == DW_TAG_inlined_subroutine)
                {
                  int outer = -1;
                  Dwarf_Attribute attr;
                  Dwarf_Word call_file = 0, call_line = 0;
                  const char *call_path = NULL;

                  for (int j = inner + 1; j < n; j++)
                    if (is_function_scope (&scopes[j]))
                      {
                        outer = j;
                        break;
                      }
                  if (outer < 0)
                    break;
                  if (dwarf_attr (&scopes[inner], DW_AT_call_file, &attr) != NULL)
                    dwarf_formudata (&attr, &call_file);
                  if (dwarf_attr (&scopes[inner], DW_AT_call_line, &attr) != NULL)
                    dwarf_formudata (&attr, &call_line);
                  if (files != NULL && call_file < n_files)
                    call_path = dwarf_filesrc (files, call_file, NULL, NULL);

                  g_autofree char *outer_name = die_name (&scopes[outer]);
                  guint32 triple[3] = {
                    _ht_writer_intern (self, outer_name),
                    _ht_writer_intern (self, call_path),
                    (guint32) call_line,
                  };
                  g_array_append_vals (inlined, triple, 1);
                  inner = outer;
                }
            }
          free (scopes);
        }

      if (function == NULL)
        {
          GElf_Off offset;
          GElf_Sym sym;
          const char *name = dwfl_module_addrinfo (mod, ip, &offset, &sym, NULL, NULL, NULL);

          function = name != NULL ? demangle (name) : NULL;
        }
    }

  guint32 function_string = _ht_writer_intern (self, function);
  guint32 file_string = _ht_writer_intern (self, file);

  _ht_writer_ip (self, ip, module_string, function_string, file_string, line, inlined);
  g_array_unref (inlined);

  self->n_ips++;
  return self->n_ips;
}

/* ---- stacks and the trace tree ------------------------------------------- */

static guint
u64_hash (gconstpointer key)
{
  guint64 k = GPOINTER_TO_SIZE (key) * 0x9e3779b97f4a7c15ull;

  return (guint) (k >> 32);
}

/* the IP index of raw @ip (a return address minus 1) in the current
 * module mapping */
static guint32
ip_index (Symbolizer *self,
          guint64     ip)
{
  gpointer value;
  Module *module;
  guint32 index;

  if (g_hash_table_lookup_extended (self->ips, GSIZE_TO_POINTER (ip), NULL, &value))
    return (guint32) GPOINTER_TO_SIZE (value);
  module = module_for_ip (self, ip);
  index = symbolize (self, ip, module);
  g_hash_table_insert (self->ips, GSIZE_TO_POINTER (ip),
                       GSIZE_TO_POINTER ((gsize) index | (gsize) (module ? module->uid : 0) << 32));
  return index;
}

/* The trace index of defined stack @id, used for the first time: the `i`
 * and `t` lines it needs are written, heaptrack's tree
 * (docs/raw-stream.md §12.5) walked from the outermost frame. _ht_symbols_stack_trace () takes the known ones. */
guint32
_ht_symbols_build_trace (Symbolizer *self,
                         guint64     id)
{
  StackDef *def = &g_array_index (self->stacks, StackDef, id);
  guint32 parent = 0;

  for (guint32 i = def->n; i > 0; i--)
    {
      guint64 frame = g_array_index (self->stack_frames, guint64, def->first + i - 1);
      guint32 ip = ip_index (self, frame - 1);
      gpointer key = GSIZE_TO_POINTER ((gsize) ip << 32 | parent);
      guint32 trace = GPOINTER_TO_UINT (g_hash_table_lookup (self->tree, key));

      if (trace == 0)
        {
          guint64 t[2] = { ip, parent };

          _ht_writer_record (self, 't', 2, t);
          trace = ++self->n_traces;
          g_hash_table_insert (self->tree, key, GUINT_TO_POINTER (trace));
        }
      parent = trace;
    }
  /* symbolizing may have grown the table */
  def = &g_array_index (self->stacks, StackDef, id);
  def->trace = parent;
  return parent;
}

/* A stack definition, as the reader checks its chunk (a HtStreamStackFunc
 * with the symbolizer for @user_data). */
void
_ht_symbols_define_stack (guint32        id,
                          const guint64 *frames,
                          guint          n_frames,
                          gpointer       user_data)
{
  Symbolizer *self = user_data;
  StackDef *def;

  if (id >= self->stacks->len)
    g_array_set_size (self->stacks, MAX (id + 1, self->stacks->len * 2));
  def = &g_array_index (self->stacks, StackDef, id);
  def->first = self->stack_frames->len;
  def->n = n_frames;
  def->trace = 0;
  def->defined = TRUE;
  g_array_append_vals (self->stack_frames, frames, n_frames);
}

/* ---- setting up ---------------------------------------------------------- */

/* @exe_path: the header's ("" when unknown); @sysroot and @debug_paths
 * (colon-separated folders) may be NULL. */
void
_ht_symbols_init (Symbolizer *self,
                  const char *exe_path,
                  const char *sysroot,
                  const char *debug_paths)
{
  /* no network lookups of debug info unless asked for */
  g_unsetenv ("DEBUGINFOD_URLS");
  if (debug_paths != NULL)
    debuginfo_path = g_strconcat ("+:.debug:/usr/lib/debug:", debug_paths, NULL);
  self->exe_path = exe_path[0] != '\0' ? g_strdup (exe_path) : NULL;
  self->sysroot = sysroot;
  self->ips = g_hash_table_new (u64_hash, g_direct_equal);
  self->tree = g_hash_table_new (u64_hash, g_direct_equal);
  self->stacks = g_array_new (FALSE, TRUE, sizeof (StackDef));
  self->stack_frames = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->modules = g_array_new (FALSE, TRUE, sizeof (Module));
  self->fragments = g_array_new (FALSE, FALSE, sizeof (Fragment));
}

void
_ht_symbols_clear (Symbolizer *self)
{
  for (guint i = 0; self->modules != NULL && i < self->modules->len; i++)
    g_free (g_array_index (self->modules, Module, i).path);
  g_clear_pointer (&self->modules, g_array_unref);
  g_clear_pointer (&self->fragments, g_array_unref);
  g_clear_pointer (&self->dwfl, dwfl_end);
  g_clear_pointer (&self->ips, g_hash_table_unref);
  g_clear_pointer (&self->tree, g_hash_table_unref);
  g_clear_pointer (&self->stacks, g_array_unref);
  g_clear_pointer (&self->stack_frames, g_array_unref);
  g_clear_pointer (&self->exe_path, g_free);
  g_clear_pointer (&debuginfo_path, g_free);
}
