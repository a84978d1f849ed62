/* ht-json.h: a small reader of the JSON heaptrack-gtk-print writes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HT_JSON_NULL,
  HT_JSON_BOOL,
  HT_JSON_NUMBER,
  HT_JSON_STRING,
  HT_JSON_ARRAY,
  HT_JSON_OBJECT,
} HtJsonType;

/* One value: a number, a string, or an array's or object's items */
typedef struct
{
  HtJsonType  type;
  gint64      number;  /* our figures are integers; 1 or 0 for a bool */
  char       *string;
  GPtrArray  *items;   /* HtJson*: array items, or an object's values */
  GPtrArray  *keys;    /* char*: an object's keys */
} HtJson;

HtJson      *ht_json_parse         (const char *text);
void         ht_json_free          (gpointer    json);
HtJson      *ht_json_member        (HtJson     *json,
                                    const char *key,
                                    HtJsonType  type);
const char  *ht_json_member_string (HtJson     *json,
                                    const char *key);
gint64       ht_json_member_number (HtJson     *json,
                                    const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtJson, ht_json_free)

G_END_DECLS
