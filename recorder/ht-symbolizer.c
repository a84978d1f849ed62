/* ht-symbolizer.c: turns the recorder's raw stream into a heaptrack trace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads heaptrack's raw text stream (TRACE_FORMAT.md §3) on stdin and writes
 * the interpreted format, file format version 3 (§4, §14), zstd-compressed,
 * to OUTPUT.tmp, renamed to OUTPUT when complete. Each distinct instruction
 * pointer is symbolized once with elfutils' libdwfl (§11.1). Memory grows
 * with the distinct strings, IPs and allocation-infos and with the live
 * allocations, never with the number of events.
 */

#define G_LOG_DOMAIN "ht-symbolizer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <zstd.h>

#include "ht-demangle.h"

typedef struct
{
  guint64 start;
  guint64 end;      /* inclusive */
  guint   module;
} Fragment;

typedef struct
{
  char        *path;      /* recorded path, x replaced by the executable */
  guint32      string;
  guint64      base;
  Dwfl_Module *dwfl_module;
  gboolean     reported;
} Module;

typedef struct
{
  guint64 size;
  guint32 trace;
} InfoKey;

typedef struct
{
  /* output */
  int          out_fd;
  ZSTD_CCtx   *zstd;
  GString     *out;
  GByteArray  *zbuf;
  gboolean     write_failed;

  /* state */
  char        *exe_path;
  GHashTable  *strings;    /* char* -> index */
  guint32      n_strings;
  GHashTable  *ips;        /* raw ip -> ip index */
  guint32      n_ips;
  GHashTable  *infos;      /* InfoKey* -> info index + 1 */
  GArray      *info_sizes; /* guint64 per info */
  guint32      n_infos;
  GHashTable  *pointers;   /* pointer -> info index + 1 */
  GArray      *modules;    /* Module */
  GArray      *fragments;  /* Fragment, sorted by start */
  gboolean     fragments_sorted;
  Dwfl        *dwfl;
  gboolean     seen_version;

  /* statistics */
  guint64      allocations;
  guint64      temporary;
  guint64      live_bytes;
  guint64      peak_bytes;
  gpointer     last_pointer;
} Symbolizer;

static char *debuginfo_path = NULL;

static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = dwfl_build_id_find_elf,
  .find_debuginfo = dwfl_standard_find_debuginfo,
  .section_address = dwfl_offline_section_address,
  .debuginfo_path = &debuginfo_path,
};

/* ---- output -------------------------------------------------------------- */

static void
compress_out (Symbolizer       *self,
              ZSTD_EndDirective mode)
{
  ZSTD_inBuffer in = { self->out->str, self->out->len, 0 };
  gboolean done = FALSE;

  while (!done)
    {
      ZSTD_outBuffer zout = { self->zbuf->data, self->zbuf->len, 0 };
      size_t remaining = ZSTD_compressStream2 (self->zstd, &zout, &in, mode);

      if (ZSTD_isError (remaining))
        {
          g_printerr ("heaptrack-gtk-symbolizer: compression failed: %s\n",
                      ZSTD_getErrorName (remaining));
          self->write_failed = TRUE;
          return;
        }
      for (size_t off = 0; off < zout.pos; )
        {
          ssize_t n = write (self->out_fd, self->zbuf->data + off, zout.pos - off);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              if (!self->write_failed)
                g_printerr ("heaptrack-gtk-symbolizer: cannot write the trace: %s\n",
                            g_strerror (errno));
              self->write_failed = TRUE;
              return;
            }
          off += n;
        }
      if (mode == ZSTD_e_end)
        done = remaining == 0;
      else
        done = in.pos == in.size;
    }
  g_string_truncate (self->out, 0);
}

static inline void
maybe_flush (Symbolizer *self)
{
  if (self->out->len >= 256 * 1024)
    compress_out (self, ZSTD_e_continue);
}

static inline void
out_hex (Symbolizer *self,
         guint64     value)
{
  char digits[16];
  int n = 0;

  do
    {
      digits[n++] = "0123456789abcdef"[value & 0xf];
      value >>= 4;
    }
  while (value != 0);
  while (n > 0)
    g_string_append_c (self->out, digits[--n]);
}

static void
out_record (Symbolizer    *self,
            char           type,
            guint          n,
            const guint64 *values)
{
  g_string_append_c (self->out, type);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_c (self->out, ' ');
      out_hex (self, values[i]);
    }
  g_string_append_c (self->out, '\n');
  maybe_flush (self);
}

/* the index of @str, writing its `s` line when it is new; 0 for none */
static guint32
intern (Symbolizer *self,
        const char *str)
{
  gpointer value;

  if (str == NULL || *str == '\0')
    return 0;
  if (g_hash_table_lookup_extended (self->strings, str, NULL, &value))
    return GPOINTER_TO_UINT (value);

  /* strings never hold a newline: cut there */
  size_t len = strcspn (str, "\n");
  g_string_append (self->out, "s ");
  out_hex (self, len);
  g_string_append_c (self->out, ' ');
  g_string_append_len (self->out, str, len);
  g_string_append_c (self->out, '\n');
  self->n_strings++;
  g_hash_table_insert (self->strings, g_strdup (str), GUINT_TO_POINTER (self->n_strings));
  return self->n_strings;
}

/* ---- modules ------------------------------------------------------------- */

static void
modules_reset (Symbolizer *self)
{
  for (guint i = 0; i < self->modules->len; i++)
    g_free (g_array_index (self->modules, Module, i).path);
  g_array_set_size (self->modules, 0);
  g_array_set_size (self->fragments, 0);
  /* dlclose/dlopen may have moved things: start libdwfl over */
  g_clear_pointer (&self->dwfl, dwfl_end);
}

static int
fragment_compare (gconstpointer a,
                  gconstpointer b)
{
  const Fragment *fa = a, *fb = b;

  return fa->start < fb->start ? -1 : fa->start > fb->start;
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

  dwfl_report_begin_add (self->dwfl);
  module->dwfl_module = dwfl_report_elf (self->dwfl, module->path, module->path, -1,
                                         module->base, false);
  dwfl_report_end (self->dwfl, NULL, NULL);
  return module->dwfl_module;
}

/* m <len> <name> <base> [<vaddr> <memsz>]... */
static gboolean
parse_module (Symbolizer *self,
              const char *line,
              gsize       len)
{
  const char *p = line + 2, *end = line + len;
  char *after;
  guint64 name_len = g_ascii_strtoull (p, &after, 16);
  g_autofree char *name = NULL;
  Module module = { 0 };

  if (after == p || *after != ' ')
    return FALSE;
  p = after + 1;
  if (name_len > (guint64) (end - p))
    return FALSE;
  name = g_strndup (p, name_len);
  p += name_len;

  if (strcmp (name, "-") == 0 && p >= end)
    {
      modules_reset (self);
      return TRUE;
    }
  if (*p != ' ')
    return FALSE;
  module.base = g_ascii_strtoull (p + 1, &after, 16);
  p = after;

  if (strcmp (name, "x") == 0 && self->exe_path != NULL)
    module.path = g_strdup (self->exe_path);
  else
    module.path = g_steal_pointer (&name);
  module.string = intern (self, module.path);
  g_array_append_val (self->modules, module);

  while (p < end && *p == ' ')
    {
      guint64 vaddr = g_ascii_strtoull (p + 1, &after, 16);
      guint64 memsz;

      if (*after != ' ')
        break;
      memsz = g_ascii_strtoull (after + 1, &after, 16);
      p = after;
      Fragment f = { module.base + vaddr, module.base + vaddr + memsz, self->modules->len - 1 };
      g_array_append_val (self->fragments, f);
      self->fragments_sorted = FALSE;
    }
  return TRUE;
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

/* One `i` line; the inlined triples come from DWARF scopes (§4.2). */
static guint32
symbolize (Symbolizer *self,
           guint64     ip)
{
  Module *module = module_for_ip (self, ip);
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
                    intern (self, outer_name),
                    intern (self, call_path),
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

  guint32 function_string = intern (self, function);
  guint32 file_string = intern (self, file);

  g_string_append (self->out, "i ");
  out_hex (self, ip);
  g_string_append_c (self->out, ' ');
  out_hex (self, module_string);
  if (function_string != 0 || file_string != 0)
    {
      g_string_append_c (self->out, ' ');
      out_hex (self, function_string);
      if (file_string != 0)
        {
          g_string_append_c (self->out, ' ');
          out_hex (self, file_string);
          g_string_append_c (self->out, ' ');
          out_hex (self, line > 0 ? (guint64) line : 0);
          for (guint i = 0; i < inlined->len; i++)
            {
              const guint32 *t = (const guint32 *) (inlined->data + i * sizeof (guint32) * 3);

              for (int k = 0; k < 3; k++)
                {
                  g_string_append_c (self->out, ' ');
                  out_hex (self, t[k]);
                }
            }
        }
    }
  g_string_append_c (self->out, '\n');
  g_array_unref (inlined);

  self->n_ips++;
  return self->n_ips;
}

/* ---- records ------------------------------------------------------------- */

static guint
info_key_hash (gconstpointer key)
{
  const InfoKey *k = key;

  return (guint) (k->size * 0x9e3779b97f4a7c15ull) ^ k->trace * 0x85ebca6bu;
}

static gboolean
info_key_equal (gconstpointer a,
                gconstpointer b)
{
  const InfoKey *ka = a, *kb = b;

  return ka->size == kb->size && ka->trace == kb->trace;
}

/* reads up to @n hex fields after the type character; returns how many */
static guint
parse_hex_fields (const char *line,
                  gsize       len,
                  guint64    *values,
                  guint       n)
{
  const char *p = line + 1, *end = line + len;
  guint count = 0;

  while (count < n && p < end && *p == ' ')
    {
      guint64 v = 0;
      const char *start = ++p;

      while (p < end && g_ascii_isxdigit (*p) && !g_ascii_isupper (*p))
        {
          v = (v << 4) | (guint64) g_ascii_xdigit_value (*p);
          p++;
        }
      if (p == start)
        break;
      values[count++] = v;
    }
  return count;
}

static void
handle_line (Symbolizer *self,
             const char *line,
             gsize       len)
{
  guint64 v[3];

  if (len == 0)
    return;

  switch (line[0])
    {
    case 't':
      if (parse_hex_fields (line, len, v, 2) == 2)
        {
          gpointer value = g_hash_table_lookup (self->ips, GSIZE_TO_POINTER (v[0]));
          guint32 ip_index = GPOINTER_TO_UINT (value);

          if (ip_index == 0)
            {
              ip_index = symbolize (self, v[0]);
              g_hash_table_insert (self->ips, GSIZE_TO_POINTER (v[0]), GUINT_TO_POINTER (ip_index));
            }
          guint64 t[2] = { ip_index, v[1] };
          out_record (self, 't', 2, t);
        }
      break;

    case '+':
      if (parse_hex_fields (line, len, v, 3) == 3)
        {
          InfoKey key = { v[0], (guint32) v[1] };
          guint32 info = GPOINTER_TO_UINT (g_hash_table_lookup (self->infos, &key));

          if (info == 0)
            {
              out_record (self, 'a', 2, v);
              g_hash_table_insert (self->infos, g_memdup2 (&key, sizeof key),
                                   GUINT_TO_POINTER (++self->n_infos));
              g_array_append_val (self->info_sizes, v[0]);
              info = self->n_infos;
            }
          guint64 idx = info - 1;
          out_record (self, '+', 1, &idx);

          gpointer ptr = GSIZE_TO_POINTER (v[2]);
          gpointer old = g_hash_table_lookup (self->pointers, ptr);
          if (old != NULL)
            self->live_bytes -= g_array_index (self->info_sizes, guint64,
                                               GPOINTER_TO_UINT (old) - 1);
          g_hash_table_insert (self->pointers, ptr, GUINT_TO_POINTER (info));
          self->allocations++;
          self->live_bytes += v[0];
          if (self->live_bytes > self->peak_bytes)
            self->peak_bytes = self->live_bytes;
          self->last_pointer = ptr;
        }
      break;

    case '-':
      if (parse_hex_fields (line, len, v, 1) == 1)
        {
          gpointer ptr = GSIZE_TO_POINTER (v[0]);
          guint32 info = GPOINTER_TO_UINT (g_hash_table_lookup (self->pointers, ptr));

          if (info != 0)
            {
              guint64 idx = info - 1;

              out_record (self, '-', 1, &idx);
              g_hash_table_remove (self->pointers, ptr);
              self->live_bytes -= g_array_index (self->info_sizes, guint64, idx);
              if (ptr == self->last_pointer)
                self->temporary++;
            }
          self->last_pointer = NULL;
        }
      break;

    case 'm':
      if (!parse_module (self, line, len))
        g_printerr ("heaptrack-gtk-symbolizer: bad module line ignored\n");
      break;

    case 'x':
      {
        char *after;
        guint64 n = len > 2 ? g_ascii_strtoull (line + 2, &after, 16) : 0;

        if (n > 0 && *after == ' ' && n <= (guint64) (line + len - after - 1))
          {
            g_free (self->exe_path);
            self->exe_path = g_strndup (after + 1, n);
          }
      }
      break;

    case 'v':
      self->seen_version = TRUE;
      G_GNUC_FALLTHROUGH;
    default:
      /* X, I, S, A, c, R and anything unknown: verbatim */
      g_string_append_len (self->out, line, len);
      g_string_append_c (self->out, '\n');
      maybe_flush (self);
      break;
    }
}

/* ---- main ---------------------------------------------------------------- */

static gboolean
print_help (void)
{
  g_print ("Usage: heaptrack-gtk-symbolizer [-q] -o OUTPUT.zst < RAW-STREAM\n");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *output = NULL;
  gboolean quiet = FALSE;
  g_autofree char *tmp_path = NULL;
  Symbolizer self = { 0 };
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      if ((strcmp (argv[i], "-o") == 0 || strcmp (argv[i], "--output") == 0) && i + 1 < argc)
        output = argv[++i];
      else if (strcmp (argv[i], "-q") == 0 || strcmp (argv[i], "--quiet") == 0)
        quiet = TRUE;
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        return print_help () ? 0 : 1;
      else
        {
          g_printerr ("heaptrack-gtk-symbolizer: unknown argument %s\n", argv[i]);
          return 2;
        }
    }
  if (output == NULL)
    {
      g_printerr ("heaptrack-gtk-symbolizer: no output given (-o FILE)\n");
      return 2;
    }

  /* no network lookups of debug info unless asked for */
  g_unsetenv ("DEBUGINFOD_URLS");

  tmp_path = g_strconcat (output, ".tmp", NULL);
  self.out_fd = g_open (tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (self.out_fd < 0)
    {
      g_printerr ("heaptrack-gtk-symbolizer: cannot create %s: %s\n", tmp_path, g_strerror (errno));
      return 1;
    }
  self.zstd = ZSTD_createCCtx ();
  ZSTD_CCtx_setParameter (self.zstd, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter (self.zstd, ZSTD_c_checksumFlag, 1);
  self.out = g_string_sized_new (512 * 1024);
  self.zbuf = g_byte_array_sized_new (ZSTD_CStreamOutSize ());
  g_byte_array_set_size (self.zbuf, ZSTD_CStreamOutSize ());
  self.strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.ips = g_hash_table_new (g_direct_hash, g_direct_equal);
  self.infos = g_hash_table_new_full (info_key_hash, info_key_equal, g_free, NULL);
  self.info_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  self.pointers = g_hash_table_new (g_direct_hash, g_direct_equal);
  self.modules = g_array_new (FALSE, TRUE, sizeof (Module));
  self.fragments = g_array_new (FALSE, FALSE, sizeof (Fragment));

  while ((len = getline (&line, &cap, stdin)) >= 0)
    {
      if (len > 0 && line[len - 1] == '\n')
        len--;
      if (!self.seen_version && len > 0 && line[0] != 'v')
        {
          /* a stream always starts with v; a missing one means no recorder ran */
          char v[32];

          g_snprintf (v, sizeof v, "v %x 3", HT_VERSION_CODE);
          handle_line (&self, v, strlen (v));
        }
      handle_line (&self, line, len);
      if (self.write_failed)
        break;
    }
  free (line);

  if (!self.seen_version)
    {
      char v[32];

      g_snprintf (v, sizeof v, "v %x 3", HT_VERSION_CODE);
      handle_line (&self, v, strlen (v));
      if (!quiet)
        g_printerr ("heaptrack-gtk-symbolizer: no data was recorded\n");
    }

  g_string_append_printf (self.out, "\n# strings: %u\n# ips: %u\n", self.n_strings, self.n_ips);
  compress_out (&self, ZSTD_e_end);

  if (close (self.out_fd) != 0 && !self.write_failed)
    {
      g_printerr ("heaptrack-gtk-symbolizer: cannot write %s: %s\n", tmp_path, g_strerror (errno));
      self.write_failed = TRUE;
    }
  if (self.write_failed || g_rename (tmp_path, output) != 0)
    {
      if (!self.write_failed)
        g_printerr ("heaptrack-gtk-symbolizer: cannot rename to %s: %s\n",
                    output, g_strerror (errno));
      g_unlink (tmp_path);
      return 1;
    }

  if (!quiet)
    {
      guint64 leaked_bytes = self.live_bytes;

      g_printerr ("heaptrack-gtk stats:\n"
                  "\tallocations:          \t%" G_GUINT64_FORMAT "\n"
                  "\tleaked allocations:   \t%u\n"
                  "\ttemporary allocations:\t%" G_GUINT64_FORMAT "\n"
                  "\tpeak heap (bytes):    \t%" G_GUINT64_FORMAT "\n"
                  "\tleaked (bytes):       \t%" G_GUINT64_FORMAT "\n",
                  self.allocations, g_hash_table_size (self.pointers), self.temporary,
                  self.peak_bytes, leaked_bytes);
    }

  modules_reset (&self);
  g_array_unref (self.modules);
  g_array_unref (self.fragments);
  g_hash_table_unref (self.strings);
  g_hash_table_unref (self.ips);
  g_hash_table_unref (self.infos);
  g_hash_table_unref (self.pointers);
  g_array_unref (self.info_sizes);
  g_string_free (self.out, TRUE);
  g_byte_array_unref (self.zbuf);
  ZSTD_freeCCtx (self.zstd);
  g_free (self.exe_path);
  return 0;
}
