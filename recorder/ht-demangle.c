/* ht-demangle.c: C++, Rust legacy and Rust v0 symbol names made readable
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ht_demangle() returns the readable form of a mangled name, or %NULL when
 * the name is not mangled in a scheme known here, or is malformed:
 *
 * - Rust v0 (`_R…`), decoded from the grammar of the rustc book's "v0 Symbol
 *   Format" and printed as rustc-demangle's alternate form (`{:#}`) prints
 *   it: no crate disambiguators, no impl paths, no instantiating crate, no
 *   types after const values.
 * - Rust legacy (`_ZN…17h<16 hex digits>E`): the path without its hash, with
 *   the `$LT$`-style escapes and `..` undone.
 * - C++ (`_Z…`) through the C++ runtime's __cxa_demangle.
 *
 * The symbolizer feeds it names from arbitrary ELF files, so a bad name must
 * never crash, read past its end or run for long: every read is checked
 * against the length, and recursion depth, work and output are bounded.
 */

#include "config.h"

#include "ht-demangle.h"

#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CXA_DEMANGLE
extern char *__cxa_demangle (const char *mangled,
                             char       *buffer,
                             size_t     *length,
                             int        *status);
#endif

/* ---- Rust v0 ------------------------------------------------------------- */

/* Backrefs let a short name expand exponentially; real names stay far below
 * these bounds (the depth is rustc-demangle's, deep enough for async code's
 * nested types). */
#define V0_MAX_DEPTH  500
#define V0_MAX_STEPS  (1u << 20)
#define V0_MAX_OUTPUT (1u << 20)

typedef struct
{
  const char *sym;             /* the name after "_R" */
  gsize       len;             /* up to the vendor-specific suffix */
  gsize       pos;
  GString    *out;
  guint       skipping;        /* > 0: parse without printing */
  guint       depth;
  guint       steps;
  guint64     bound_lifetimes; /* lifetimes bound by the enclosing binders */
  gboolean    too_long;
} V0;

typedef struct
{
  const char *bytes;
  gsize       len;
  gboolean    punycode;
} V0Ident;

static gboolean v0_path  (V0       *v,
                          gboolean  in_value);
static gboolean v0_type  (V0       *v);
static gboolean v0_const (V0       *v);

static char
v0_peek (V0 *v)
{
  return v->pos < v->len ? v->sym[v->pos] : '\0';
}

/* the next character, '\0' at the end */
static char
v0_next (V0 *v)
{
  return v->pos < v->len ? v->sym[v->pos++] : '\0';
}

static gboolean
v0_eat (V0   *v,
        char  c)
{
  if (v->pos >= v->len || v->sym[v->pos] != c)
    return FALSE;
  v->pos++;
  return TRUE;
}

/* Every recursive rule starts here; a failed parse is abandoned as a whole,
 * so only the successful paths give the depth back. */
static gboolean
v0_enter (V0 *v)
{
  if (v->depth >= V0_MAX_DEPTH || v->steps >= V0_MAX_STEPS || v->too_long)
    return FALSE;
  v->depth++;
  v->steps++;
  return TRUE;
}

static void
v0_print_len (V0         *v,
              const char *text,
              gsize       len)
{
  if (v->skipping > 0 || v->too_long)
    return;
  if (v->out->len + len > V0_MAX_OUTPUT)
    {
      v->too_long = TRUE;
      return;
    }
  g_string_append_len (v->out, text, len);
}

static void
v0_print (V0         *v,
          const char *text)
{
  v0_print_len (v, text, strlen (text));
}

static void
v0_print_u64 (V0      *v,
              guint64  value)
{
  char buf[24];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  v0_print (v, buf);
}

/* base-62-number: `_` is 0, otherwise the digits' value plus one */
static gboolean
v0_base62 (V0      *v,
           guint64 *value)
{
  guint64 x = 0;

  if (v0_eat (v, '_'))
    {
      *value = 0;
      return TRUE;
    }
  for (;;)
    {
      char c = v0_next (v);
      guint d;

      if (c == '_')
        break;
      if (g_ascii_isdigit (c))
        d = c - '0';
      else if (g_ascii_islower (c))
        d = 10 + (c - 'a');
      else if (g_ascii_isupper (c))
        d = 36 + (c - 'A');
      else
        return FALSE;
      if (x > (G_MAXUINT64 - d) / 62)
        return FALSE;
      x = x * 62 + d;
    }
  if (x == G_MAXUINT64)
    return FALSE;
  *value = x + 1;
  return TRUE;
}

/* TAG base-62-number, optional: 0 when absent, else the number plus one (the
 * form of disambiguators and binders) */
static gboolean
v0_opt_base62 (V0      *v,
               char     tag,
               guint64 *value)
{
  *value = 0;
  if (!v0_eat (v, tag))
    return TRUE;
  if (!v0_base62 (v, value) || *value == G_MAXUINT64)
    return FALSE;
  *value += 1;
  return TRUE;
}

/* decimal-number: `0`, or digits without a leading zero */
static gboolean
v0_decimal (V0      *v,
            guint64 *value)
{
  char c = v0_peek (v);
  guint64 x;

  if (!g_ascii_isdigit (c))
    return FALSE;
  v->pos++;
  x = c - '0';
  if (x == 0)
    {
      *value = 0;
      return TRUE;
    }
  while (g_ascii_isdigit (v0_peek (v)))
    {
      guint d = v0_next (v) - '0';

      if (x > (G_MAXUINT64 - d) / 10)
        return FALSE;
      x = x * 10 + d;
    }
  *value = x;
  return TRUE;
}

static gboolean
v0_undisambiguated_ident (V0      *v,
                          V0Ident *ident)
{
  guint64 len;

  ident->punycode = v0_eat (v, 'u');
  if (!v0_decimal (v, &len))
    return FALSE;
  v0_eat (v, '_');
  if (len > v->len - v->pos)
    return FALSE;
  ident->bytes = v->sym + v->pos;
  ident->len = len;
  v->pos += len;
  return TRUE;
}

/* RFC 3492 bias adaptation, with Punycode's parameters */
static guint64
punycode_adapt (guint64  delta,
                guint64  n_points,
                gboolean first)
{
  guint64 k = 0;

  delta = first ? delta / 700 : delta / 2;
  delta += delta / n_points;
  while (delta > (35 * 26) / 2)
    {
      delta /= 35;
      k += 36;
    }
  return k + (36 * delta) / (delta + 38);
}

static guint
punycode_digit (char c)
{
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= '0' && c <= '9')
    return 26 + (c - '0');
  return G_MAXUINT;
}

/* Decodes Rust's Punycode (RFC 3492 with `_` for the delimiter `-`) and
 * appends the UTF-8 text to @out; %FALSE for an invalid encoding. */
static gboolean
punycode_decode (const char *in,
                 gsize       len,
                 GString    *out)
{
  /* every code point comes from at least one input byte */
  g_autofree gunichar *points = g_new (gunichar, len + 1);
  gsize n_points = 0;
  gsize delim = len;
  gsize p = 0;
  guint64 n = 128;
  guint64 bias = 72;
  guint64 i = 0;

  for (gsize k = 0; k < len; k++)
    if (in[k] == '_')
      delim = k;
  if (delim < len)
    {
      for (gsize k = 0; k < delim; k++)
        {
          if ((guchar) in[k] >= 0x80)
            return FALSE;
          points[n_points++] = (guchar) in[k];
        }
      p = delim + 1;
    }

  while (p < len)
    {
      guint64 old_i = i;
      guint64 w = 1;

      for (guint64 k = 36;; k += 36)
        {
          guint64 digit;
          guint64 t;

          if (p >= len)
            return FALSE;
          digit = punycode_digit (in[p++]);
          if (digit >= 36 || digit > (G_MAXUINT32 - i) / w)
            return FALSE;
          i += digit * w;
          t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
          if (digit < t)
            break;
          if (w > G_MAXUINT32 / (36 - t))
            return FALSE;
          w *= 36 - t;
        }
      bias = punycode_adapt (i - old_i, n_points + 1, old_i == 0);
      n += i / (n_points + 1);
      i %= n_points + 1;
      if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
        return FALSE;
      memmove (points + i + 1, points + i, (n_points - i) * sizeof *points);
      points[i] = n;
      n_points++;
      i++;
    }

  for (gsize k = 0; k < n_points; k++)
    g_string_append_unichar (out, points[k]);
  return TRUE;
}

static void
v0_print_ident (V0            *v,
                const V0Ident *ident)
{
  if (v->skipping > 0)
    return;
  if (ident->punycode)
    {
      g_autoptr(GString) decoded = g_string_new (NULL);

      if (punycode_decode (ident->bytes, ident->len, decoded))
        {
          v0_print_len (v, decoded->str, decoded->len);
          return;
        }
      /* undecodable: still readable, and visibly not a plain name */
      v0_print (v, "punycode{");
      v0_print_len (v, ident->bytes, ident->len);
      v0_print (v, "}");
      return;
    }
  v0_print_len (v, ident->bytes, ident->len);
}

/* B base-62-number: moves to an earlier position of the name, and returns in
 * @saved where to come back */
static gboolean
v0_backref (V0    *v,
            gsize *saved)
{
  gsize start = v->pos - 1;
  guint64 target;

  if (!v0_base62 (v, &target) || target >= start)
    return FALSE;
  *saved = v->pos;
  v->pos = target;
  return TRUE;
}

static gboolean
v0_print_lifetime (V0      *v,
                   guint64  index)
{
  guint64 level;

  if (index == 0)
    {
      v0_print (v, "'_");
      return TRUE;
    }
  if (index > v->bound_lifetimes)
    return FALSE;
  /* de Bruijn index to level: 'a is the outermost bound lifetime */
  level = v->bound_lifetimes - index;
  if (level < 26)
    {
      char name[3] = { '\'', 'a' + level, '\0' };

      v0_print (v, name);
    }
  else
    {
      v0_print (v, "'_");
      v0_print_u64 (v, level);
    }
  return TRUE;
}

/* L base-62-number */
static gboolean
v0_lifetime (V0      *v,
             guint64 *index)
{
  return v0_eat (v, 'L') && v0_base62 (v, index);
}

/* binder, optional: binds @count lifetimes and prints `for<'a, 'b> `; the
 * caller unbinds them after the bound item */
static gboolean
v0_binder (V0      *v,
           guint64 *count)
{
  if (!v0_opt_base62 (v, 'G', count))
    return FALSE;
  if (*count == 0)
    return TRUE;
  /* more lifetimes than the name has bytes would only make the loop spin */
  if (*count > v->len)
    return FALSE;
  v0_print (v, "for<");
  for (guint64 k = 0; k < *count; k++)
    {
      if (k > 0)
        v0_print (v, ", ");
      v->bound_lifetimes++;
      v0_print_lifetime (v, 1);
    }
  v0_print (v, "> ");
  return TRUE;
}

static gboolean
v0_generic_arg (V0 *v)
{
  if (v0_peek (v) == 'L')
    {
      guint64 index;

      return v0_lifetime (v, &index) && v0_print_lifetime (v, index);
    }
  if (v0_eat (v, 'K'))
    return v0_const (v);
  return v0_type (v);
}

/* generic-arg* E, printed comma-separated */
static gboolean
v0_generic_args (V0 *v)
{
  for (guint n = 0; !v0_eat (v, 'E'); n++)
    {
      if (n > 0)
        v0_print (v, ", ");
      if (!v0_generic_arg (v))
        return FALSE;
    }
  return TRUE;
}

/* impl-path: never printed */
static gboolean
v0_impl_path (V0 *v)
{
  guint64 disambiguator;
  gboolean ok;

  if (!v0_opt_base62 (v, 's', &disambiguator))
    return FALSE;
  v->skipping++;
  ok = v0_path (v, FALSE);
  v->skipping--;
  return ok;
}

/* @in_value: a path in expression position, whose generic arguments take
 * `::<`; types take a bare `<` */
static gboolean
v0_path (V0       *v,
         gboolean  in_value)
{
  if (!v0_enter (v))
    return FALSE;

  switch (v0_next (v))
    {
    case 'C':
      {
        guint64 disambiguator;
        V0Ident name;

        if (!v0_opt_base62 (v, 's', &disambiguator) || !v0_undisambiguated_ident (v, &name))
          return FALSE;
        v0_print_ident (v, &name);
      }
      break;

    case 'N':
      {
        char ns = v0_next (v);
        guint64 disambiguator;
        V0Ident name;

        if (!g_ascii_isalpha (ns) || !v0_path (v, in_value))
          return FALSE;
        if (!v0_opt_base62 (v, 's', &disambiguator) || !v0_undisambiguated_ident (v, &name))
          return FALSE;
        if (g_ascii_isupper (ns))
          {
            /* special namespaces: {closure#0}, {shim:vtable#0}, {X#1} */
            char tag[2] = { ns, '\0' };

            v0_print (v, "::{");
            v0_print (v, ns == 'C' ? "closure" : ns == 'S' ? "shim" : tag);
            if (name.len > 0)
              {
                v0_print (v, ":");
                v0_print_ident (v, &name);
              }
            v0_print (v, "#");
            v0_print_u64 (v, disambiguator);
            v0_print (v, "}");
          }
        else if (name.len > 0)
          {
            /* lowercase namespaces are the compiler's own, never shown */
            v0_print (v, "::");
            v0_print_ident (v, &name);
          }
      }
      break;

    case 'M':
      if (!v0_impl_path (v))
        return FALSE;
      v0_print (v, "<");
      if (!v0_type (v))
        return FALSE;
      v0_print (v, ">");
      break;

    case 'X':
      if (!v0_impl_path (v))
        return FALSE;
      v0_print (v, "<");
      if (!v0_type (v))
        return FALSE;
      v0_print (v, " as ");
      if (!v0_path (v, FALSE))
        return FALSE;
      v0_print (v, ">");
      break;

    case 'Y':
      v0_print (v, "<");
      if (!v0_type (v))
        return FALSE;
      v0_print (v, " as ");
      if (!v0_path (v, FALSE))
        return FALSE;
      v0_print (v, ">");
      break;

    case 'I':
      if (!v0_path (v, in_value))
        return FALSE;
      v0_print (v, in_value ? "::<" : "<");
      if (!v0_generic_args (v))
        return FALSE;
      v0_print (v, ">");
      break;

    case 'B':
      {
        gsize saved;

        if (!v0_backref (v, &saved) || !v0_path (v, in_value))
          return FALSE;
        v->pos = saved;
      }
      break;

    default:
      return FALSE;
    }

  v->depth--;
  return TRUE;
}

/* A trait path in `dyn`, left open after its generic arguments so that the
 * associated type bindings can join them: `Iterator<Item = u8>`. */
static gboolean
v0_path_maybe_open_generics (V0       *v,
                             gboolean *open)
{
  gboolean ok;

  if (!v0_enter (v))
    return FALSE;
  *open = FALSE;
  if (v0_eat (v, 'B'))
    {
      gsize saved = v->pos;

      ok = v0_backref (v, &saved) && v0_path_maybe_open_generics (v, open);
      v->pos = saved;
    }
  else if (v0_eat (v, 'I'))
    {
      ok = v0_path (v, FALSE);
      v0_print (v, "<");
      ok = ok && v0_generic_args (v);
      *open = TRUE;
    }
  else
    {
      ok = v0_path (v, FALSE);
    }
  if (ok)
    v->depth--;
  return ok;
}

/* dyn-trait: path {p undisambiguated-identifier type} */
static gboolean
v0_dyn_trait (V0 *v)
{
  gboolean open;

  if (!v0_path_maybe_open_generics (v, &open))
    return FALSE;
  while (v0_eat (v, 'p'))
    {
      V0Ident name;

      v0_print (v, open ? ", " : "<");
      open = TRUE;
      if (!v0_undisambiguated_ident (v, &name))
        return FALSE;
      v0_print_ident (v, &name);
      v0_print (v, " = ");
      if (!v0_type (v))
        return FALSE;
    }
  if (open)
    v0_print (v, ">");
  return TRUE;
}

/* fn-sig: binder? U? (K abi)? type* E type */
static gboolean
v0_fn_sig (V0 *v)
{
  guint64 bound;

  if (!v0_binder (v, &bound))
    return FALSE;
  if (v0_eat (v, 'U'))
    v0_print (v, "unsafe ");
  if (v0_eat (v, 'K'))
    {
      if (v0_eat (v, 'C'))
        {
          v0_print (v, "extern \"C\" ");
        }
      else
        {
          V0Ident abi;

          if (!v0_undisambiguated_ident (v, &abi) || abi.punycode)
            return FALSE;
          /* the ABI's dashes are mangled as underscores */
          v0_print (v, "extern \"");
          for (gsize k = 0; k < abi.len; k++)
            v0_print_len (v, abi.bytes[k] == '_' ? "-" : abi.bytes + k, 1);
          v0_print (v, "\" ");
        }
    }
  v0_print (v, "fn(");
  for (guint n = 0; !v0_eat (v, 'E'); n++)
    {
      if (n > 0)
        v0_print (v, ", ");
      if (!v0_type (v))
        return FALSE;
    }
  v0_print (v, ")");
  if (!v0_eat (v, 'u'))
    {
      v0_print (v, " -> ");
      if (!v0_type (v))
        return FALSE;
    }
  v->bound_lifetimes -= bound;
  return TRUE;
}

/* dyn-trait-type without its D: binder? dyn-trait* E lifetime */
static gboolean
v0_dyn_type (V0 *v)
{
  guint64 bound;
  guint64 lifetime;

  v0_print (v, "dyn ");
  if (!v0_binder (v, &bound))
    return FALSE;
  for (guint n = 0; !v0_eat (v, 'E'); n++)
    {
      if (n > 0)
        v0_print (v, " + ");
      if (!v0_dyn_trait (v))
        return FALSE;
    }
  /* the object's lifetime bound lies outside the traits' binder */
  v->bound_lifetimes -= bound;
  if (!v0_lifetime (v, &lifetime))
    return FALSE;
  if (lifetime != 0)
    {
      v0_print (v, " + ");
      return v0_print_lifetime (v, lifetime);
    }
  return TRUE;
}

static const char *
v0_basic_type (char tag)
{
  switch (tag)
    {
    case 'a': return "i8";
    case 'b': return "bool";
    case 'c': return "char";
    case 'd': return "f64";
    case 'e': return "str";
    case 'f': return "f32";
    case 'h': return "u8";
    case 'i': return "isize";
    case 'j': return "usize";
    case 'l': return "i32";
    case 'm': return "u32";
    case 'n': return "i128";
    case 'o': return "u128";
    case 's': return "i16";
    case 't': return "u16";
    case 'u': return "()";
    case 'v': return "...";
    case 'x': return "i64";
    case 'y': return "u64";
    case 'z': return "!";
    case 'p': return "_";
    default: return NULL;
    }
}

static gboolean
v0_type (V0 *v)
{
  const char *basic;
  char tag;

  if (!v0_enter (v))
    return FALSE;

  tag = v0_next (v);
  basic = v0_basic_type (tag);
  if (basic != NULL)
    {
      v0_print (v, basic);
      v->depth--;
      return TRUE;
    }

  switch (tag)
    {
    case 'R':
    case 'Q':
      v0_print (v, "&");
      if (v0_peek (v) == 'L')
        {
          guint64 lifetime;

          if (!v0_lifetime (v, &lifetime))
            return FALSE;
          /* erased lifetimes are not shown on references */
          if (lifetime != 0)
            {
              if (!v0_print_lifetime (v, lifetime))
                return FALSE;
              v0_print (v, " ");
            }
        }
      if (tag == 'Q')
        v0_print (v, "mut ");
      if (!v0_type (v))
        return FALSE;
      break;

    case 'P':
    case 'O':
      v0_print (v, tag == 'P' ? "*const " : "*mut ");
      if (!v0_type (v))
        return FALSE;
      break;

    case 'A':
      v0_print (v, "[");
      if (!v0_type (v))
        return FALSE;
      v0_print (v, "; ");
      if (!v0_const (v))
        return FALSE;
      v0_print (v, "]");
      break;

    case 'S':
      v0_print (v, "[");
      if (!v0_type (v))
        return FALSE;
      v0_print (v, "]");
      break;

    case 'T':
      {
        guint n;

        v0_print (v, "(");
        for (n = 0; !v0_eat (v, 'E'); n++)
          {
            if (n > 0)
              v0_print (v, ", ");
            if (!v0_type (v))
              return FALSE;
          }
        /* a one-element tuple keeps its comma: (u8,) */
        v0_print (v, n == 1 ? ",)" : ")");
      }
      break;

    case 'F':
      if (!v0_fn_sig (v))
        return FALSE;
      break;

    case 'D':
      if (!v0_dyn_type (v))
        return FALSE;
      break;

    case 'B':
      {
        gsize saved;

        if (!v0_backref (v, &saved) || !v0_type (v))
          return FALSE;
        v->pos = saved;
      }
      break;

    case 'C':
    case 'M':
    case 'X':
    case 'Y':
    case 'N':
    case 'I':
      v->pos--;
      if (!v0_path (v, FALSE))
        return FALSE;
      break;

    default:
      return FALSE;
    }

  v->depth--;
  return TRUE;
}

/* const-data: n? hex-digit* _ */
static gboolean
v0_const_data (V0          *v,
               gboolean    *negative,
               const char **hex,
               gsize       *n_hex)
{
  gsize start;

  *negative = v0_eat (v, 'n');
  start = v->pos;
  while (g_ascii_isdigit (v0_peek (v)) || (v0_peek (v) >= 'a' && v0_peek (v) <= 'f'))
    v->pos++;
  *hex = v->sym + start;
  *n_hex = v->pos - start;
  /* leading zeros carry nothing */
  while (*n_hex > 0 && **hex == '0')
    {
      (*hex)++;
      (*n_hex)--;
    }
  return v0_eat (v, '_');
}

/* the value of at most 16 hex digits */
static guint64
hex_value (const char *hex,
           gsize       n_hex)
{
  guint64 x = 0;

  for (gsize k = 0; k < n_hex; k++)
    x = x * 16 + g_ascii_xdigit_value (hex[k]);
  return x;
}

static void
v0_print_char (V0       *v,
               gunichar  c)
{
  char buf[16];

  switch (c)
    {
    case '\t': v0_print (v, "'\\t'"); return;
    case '\r': v0_print (v, "'\\r'"); return;
    case '\n': v0_print (v, "'\\n'"); return;
    case '\'': v0_print (v, "'\\''"); return;
    case '\\': v0_print (v, "'\\\\'"); return;
    case '\0': v0_print (v, "'\\0'"); return;
    default: break;
    }
  if (g_unichar_isprint (c))
    {
      int len = g_unichar_to_utf8 (c, buf + 1);

      buf[0] = '\'';
      buf[len + 1] = '\'';
      v0_print_len (v, buf, len + 2);
    }
  else
    {
      g_snprintf (buf, sizeof buf, "'\\u{%x}'", c);
      v0_print (v, buf);
    }
}

static gboolean
v0_const (V0 *v)
{
  gboolean negative;
  const char *hex;
  gsize n_hex;
  char tag;

  if (!v0_enter (v))
    return FALSE;

  tag = v0_next (v);
  switch (tag)
    {
    case 'p':
      v0_print (v, "_");
      break;

    case 'B':
      {
        gsize saved;

        if (!v0_backref (v, &saved) || !v0_const (v))
          return FALSE;
        v->pos = saved;
      }
      break;

    /* integers: signed ones may be negative; beyond 64 bits, in hex */
    case 'a': case 's': case 'l': case 'x': case 'n': case 'i':
    case 'h': case 't': case 'm': case 'y': case 'o': case 'j':
      if (!v0_const_data (v, &negative, &hex, &n_hex))
        return FALSE;
      if (negative && strchr ("aslxni", tag) == NULL)
        return FALSE;
      if (negative)
        v0_print (v, "-");
      if (n_hex <= 16)
        {
          v0_print_u64 (v, hex_value (hex, n_hex));
        }
      else
        {
          v0_print (v, "0x");
          v0_print_len (v, hex, n_hex);
        }
      break;

    case 'b':
      if (!v0_const_data (v, &negative, &hex, &n_hex) || negative || n_hex > 1)
        return FALSE;
      if (n_hex == 1 && hex[0] != '1')
        return FALSE;
      v0_print (v, n_hex == 1 ? "true" : "false");
      break;

    case 'c':
      {
        guint64 c;

        if (!v0_const_data (v, &negative, &hex, &n_hex) || negative || n_hex > 6)
          return FALSE;
        c = hex_value (hex, n_hex);
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
          return FALSE;
        v0_print_char (v, c);
      }
      break;

    default:
      return FALSE;
    }

  v->depth--;
  return TRUE;
}

/* symbol-name: _R decimal-number? path instantiating-crate? suffix? */
static char *
v0_demangle (const char *symbol)
{
  V0 v = { 0 };
  gboolean ok;

  v.sym = symbol + 2;
  /* identifiers hold neither, so the first starts the vendor suffix */
  v.len = strcspn (v.sym, ".$");
  /* an encoding version: none is defined yet */
  if (g_ascii_isdigit (v.sym[0]))
    return NULL;

  v.out = g_string_new (NULL);
  ok = v0_path (&v, TRUE);
  if (ok && v.pos < v.len)
    {
      v.skipping++;
      ok = v0_path (&v, FALSE);
      v.skipping--;
    }
  if (!ok || v.too_long || v.pos != v.len)
    {
      g_string_free (v.out, TRUE);
      return NULL;
    }
  return g_string_free (v.out, FALSE);
}

/* ---- Rust legacy --------------------------------------------------------- */

/* $…$ escapes of punctuation, and $u<hex>$ of any character */
static gboolean
legacy_escape (GString    *out,
               const char *escape,
               gsize       len)
{
  static const struct
  {
    const char *name;
    char        c;
  } escapes[] = {
    { "SP", '@' }, { "BP", '*' }, { "RF", '&' }, { "LT", '<' }, { "GT", '>' },
    { "LP", '(' }, { "RP", ')' }, { "C", ',' },
  };
  guint64 c = 0;

  for (guint e = 0; e < G_N_ELEMENTS (escapes); e++)
    if (strlen (escapes[e].name) == len && memcmp (escapes[e].name, escape, len) == 0)
      {
        g_string_append_c (out, escapes[e].c);
        return TRUE;
      }
  if (len < 2 || len > 7 || escape[0] != 'u')
    return FALSE;
  for (gsize k = 1; k < len; k++)
    {
      if (!g_ascii_isxdigit (escape[k]))
        return FALSE;
      c = c * 16 + g_ascii_xdigit_value (escape[k]);
    }
  if (c < 0x20 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return FALSE;
  g_string_append_unichar (out, c);
  return TRUE;
}

static void
legacy_segment (GString    *out,
                const char *s,
                gsize       len)
{
  gsize k = 0;

  /* rustc puts an underscore before a segment that starts with an escape */
  if (len >= 2 && s[0] == '_' && s[1] == '$')
    k = 1;
  while (k < len)
    {
      if (s[k] == '.')
        {
          gboolean path = k + 1 < len && s[k + 1] == '.';

          g_string_append (out, path ? "::" : ".");
          k += path ? 2 : 1;
          continue;
        }
      if (s[k] == '$')
        {
          const char *end = memchr (s + k + 1, '$', len - k - 1);

          if (end != NULL && legacy_escape (out, s + k + 1, end - (s + k + 1)))
            {
              k = end - s + 1;
              continue;
            }
        }
      g_string_append_c (out, s[k++]);
    }
}

/* _ZN (length segment)+ E, the last segment `h` and 16 hex digits, then
 * nothing or a `.suffix` */
static char *
rust_legacy_demangle (const char *symbol)
{
  gsize total = strlen (symbol);
  const char *p = symbol + 3;
  const char *end = symbol + total;
  const char *last = NULL;
  guint n_segments = 0;
  GString *out;

  if (total < 3 || strncmp (symbol, "_ZN", 3) != 0)
    return NULL;

  /* first pass: the shape, without reading past the end */
  while (p < end && *p != 'E')
    {
      gsize len = 0;

      if (*p < '1' || *p > '9')
        return NULL;
      while (p < end && g_ascii_isdigit (*p))
        {
          len = len * 10 + (*p++ - '0');
          if (len > total)
            return NULL;
        }
      if (len > (gsize) (end - p))
        return NULL;
      last = p;
      p += len;
      n_segments++;
    }
  if (p >= end || n_segments < 2 || (p[1] != '\0' && p[1] != '.'))
    return NULL;
  if (p - last != 17 || last[0] != 'h')
    return NULL;
  for (guint k = 1; k < 17; k++)
    if (!g_ascii_isxdigit (last[k]))
      return NULL;

  out = g_string_new (NULL);
  p = symbol + 3;
  for (guint s = 0; s + 1 < n_segments; s++)
    {
      gsize len = 0;

      while (g_ascii_isdigit (*p))
        len = len * 10 + (*p++ - '0');
      if (s > 0)
        g_string_append (out, "::");
      legacy_segment (out, p, len);
      p += len;
    }
  return g_string_free (out, FALSE);
}

/* ---- C++ ----------------------------------------------------------------- */

static char *
cxx_demangle (const char *symbol)
{
#ifdef HAVE_CXA_DEMANGLE
  if (g_str_has_prefix (symbol, "_Z"))
    {
      int status = 0;
      char *d = __cxa_demangle (symbol, NULL, NULL, &status);
      char *ret = status == 0 && d != NULL ? g_strdup (d) : NULL;

      free (d);
      return ret;
    }
#endif
  return NULL;
}

/**
 * ht_demangle:
 * @symbol: a symbol name as found in an ELF symbol table or DWARF
 *
 * Returns: (transfer full) (nullable): the readable name, or %NULL if
 *   @symbol is not mangled in a known scheme, malformed, or not UTF-8
 */
char *
ht_demangle (const char *symbol)
{
  char *ret;

  if (symbol == NULL)
    return NULL;
  if (g_str_has_prefix (symbol, "_R"))
    ret = v0_demangle (symbol);
  else if ((ret = rust_legacy_demangle (symbol)) == NULL)
    ret = cxx_demangle (symbol);
  if (ret != NULL && !g_utf8_validate (ret, -1, NULL))
    g_clear_pointer (&ret, g_free);
  return ret;
}
