/* ht-process-list.c: the processes "Attach…" offers
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SKELETON: the item's properties; reading /proc is still to be written.
 */

#define G_LOG_DOMAIN "ht-process-list"

#include "config.h"

#include "ht-process-list.h"

struct _HtProcessItem
{
  GObject  parent_instance;
  GPid     pid;
  char    *name;
  char    *command_line;
  guint64  resident;
  char    *user;
  char    *reason;
};

enum {
  PROP_0,
  PROP_PID,
  PROP_NAME,
  PROP_COMMAND_LINE,
  PROP_RESIDENT,
  PROP_USER,
  PROP_ATTACHABLE,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtProcessItem, ht_process_item, G_TYPE_OBJECT)

static void
ht_process_item_finalize (GObject *object)
{
  HtProcessItem *self = (HtProcessItem *) object;

  g_free (self->name);
  g_free (self->command_line);
  g_free (self->user);
  g_free (self->reason);

  G_OBJECT_CLASS (ht_process_item_parent_class)->finalize (object);
}

static void
ht_process_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HtProcessItem *self = HT_PROCESS_ITEM (object);

  switch (prop_id)
    {
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COMMAND_LINE:
      g_value_set_string (value, self->command_line);
      break;
    case PROP_RESIDENT:
      g_value_set_uint64 (value, self->resident);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_ATTACHABLE:
      g_value_set_boolean (value, self->reason == NULL);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_process_item_class_init (HtProcessItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ht_process_item_finalize;
  object_class->get_property = ht_process_item_get_property;

  properties[PROP_PID] = g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_COMMAND_LINE] = g_param_spec_string ("command-line", NULL, NULL, NULL, flags);
  properties[PROP_RESIDENT] = g_param_spec_uint64 ("resident", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_ATTACHABLE] = g_param_spec_boolean ("attachable", NULL, NULL, TRUE, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ht_process_item_init (HtProcessItem *self)
{
}

GPid
ht_process_item_get_pid (HtProcessItem *self)
{
  return self->pid;
}

const char *
ht_process_item_get_name (HtProcessItem *self)
{
  return self->name;
}

const char *
ht_process_item_get_command_line (HtProcessItem *self)
{
  return self->command_line;
}

guint64
ht_process_item_get_resident (HtProcessItem *self)
{
  return self->resident;
}

const char *
ht_process_item_get_user (HtProcessItem *self)
{
  return self->user;
}

gboolean
ht_process_item_get_attachable (HtProcessItem *self)
{
  return self->reason == NULL;
}

const char *
ht_process_item_get_reason (HtProcessItem *self)
{
  return self->reason;
}

GListModel *
ht_process_list_read (const char  *proc_root,
                      GError     **error)
{
  return G_LIST_MODEL (g_list_store_new (HT_TYPE_PROCESS_ITEM));
}
