/* ht-json.c: a small reader of the JSON heaptrack-gtk-print writes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A comparison's baseline may be a report saved with --json
 * (docs/figures.md §17, §21.5): this reads it, enough for the JSON we write
 * (integer numbers), with no dependency for one file format.
 */

#define G_LOG_DOMAIN "ht-json"

#include "config.h"

#include <string.h>

#include "ht-json.h"

void
ht_json_free (gpointer p)
{
  HtJson *json = p;

  if (json == NULL)
    return;
  g_free (json->string);
  g_clear_pointer (&json->items, g_ptr_array_unref);
  g_clear_pointer (&json->keys, g_ptr_array_unref);
  g_free (json);
}

static const char *
skip (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static char *
parse_string (const char **p)
{
  GString *out = g_string_new (NULL);
  const char *s = *p + 1;

  for (; *s != '"'; s++)
    {
      if (*s == '\0')
        return g_string_free (out, TRUE), NULL;
      if (*s != '\\')
        {
          g_string_append_c (out, *s);
          continue;
        }
      s++;
      switch (*s)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'u':
          {
            char hex[5] = { 0 };
            guint64 c;

            for (int i = 0; i < 4; i++)
              if ((hex[i] = s[i + 1]) == '\0')
                return g_string_free (out, TRUE), NULL;
            if (!g_ascii_string_to_unsigned (hex, 16, 0, 0xffff, &c, NULL))
              return g_string_free (out, TRUE), NULL;
            g_string_append_unichar (out, c);
            s += 4;
            break;
          }
        case '\0': return g_string_free (out, TRUE), NULL;
        default: g_string_append_c (out, *s); break;
        }
    }
  *p = s + 1;
  return g_string_free (out, FALSE);
}

static HtJson *
parse_value (const char **p,
             guint        depth)
{
  g_autoptr(HtJson) json = g_new0 (HtJson, 1);
  const char *s = skip (*p);

  if (depth > 64)
    return NULL;
  if (*s == '{' || *s == '[')
    {
      gboolean object = *s == '{';
      char close = object ? '}' : ']';

      json->type = object ? HT_JSON_OBJECT : HT_JSON_ARRAY;
      json->items = g_ptr_array_new_with_free_func (ht_json_free);
      if (object)
        json->keys = g_ptr_array_new_with_free_func (g_free);
      s = skip (s + 1);
      while (*s != close)
        {
          HtJson *item;

          if (json->items->len > 0)
            {
              if (*s != ',')
                return NULL;
              s = skip (s + 1);
            }
          if (object)
            {
              char *key = *s == '"' ? parse_string (&s) : NULL;

              if (key == NULL)
                return NULL;
              g_ptr_array_add (json->keys, key);
              s = skip (s);
              if (*s++ != ':')
                return NULL;
            }
          if ((item = parse_value (&s, depth + 1)) == NULL)
            return NULL;
          g_ptr_array_add (json->items, item);
          s = skip (s);
        }
      s++;
    }
  else if (*s == '"')
    {
      json->type = HT_JSON_STRING;
      if ((json->string = parse_string (&s)) == NULL)
        return NULL;
    }
  else if (strncmp (s, "null", 4) == 0)
    json->type = HT_JSON_NULL, s += 4;
  else if (strncmp (s, "true", 4) == 0)
    json->type = HT_JSON_BOOL, json->number = 1, s += 4;
  else if (strncmp (s, "false", 5) == 0)
    json->type = HT_JSON_BOOL, s += 5;
  else
    {
      char *end;

      json->type = HT_JSON_NUMBER;
      json->number = g_ascii_strtoll (s, &end, 10);
      if (end == s)
        return NULL;
      s = end;
    }
  *p = s;
  return g_steal_pointer (&json);
}

/**
 * ht_json_parse:
 * @text: a whole JSON text
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if @text is not
 *   one JSON value (with white space around it)
 */
HtJson *
ht_json_parse (const char *text)
{
  const char *p = text;
  g_autoptr(HtJson) json = parse_value (&p, 0);

  if (json == NULL || *skip (p) != '\0')
    return NULL;
  return g_steal_pointer (&json);
}

HtJson *
ht_json_member (HtJson       *json,
             const char *key,
             HtJsonType    type)
{
  if (json == NULL || json->type != HT_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < json->keys->len; i++)
    if (strcmp (g_ptr_array_index (json->keys, i), key) == 0)
      {
        HtJson *member = g_ptr_array_index (json->items, i);

        return member->type == type ? member : NULL;
      }
  return NULL;
}

const char *
ht_json_member_string (HtJson       *json,
                    const char *key)
{
  HtJson *member = ht_json_member (json, key, HT_JSON_STRING);

  return member != NULL ? member->string : NULL;
}

gint64
ht_json_member_number (HtJson       *json,
                    const char *key)
{
  HtJson *member = ht_json_member (json, key, HT_JSON_NUMBER);

  return member != NULL ? member->number : 0;
}
