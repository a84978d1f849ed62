/* ht-process-list.c: the processes "Attach…" offers
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack-gtk-record --pid attaches through gdb, that is through
 * ptrace(2): the kernel allows it when the process runs with exactly the
 * user's rights (or the user is root) and Yama's ptrace_scope does not
 * forbid it. Each process that fails one of these says which, with advice.
 */

#define G_LOG_DOMAIN "ht-process-list"

#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "ht-process-list.h"
#include "ht-recorder-host.h"

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

/* What decides whether a process may be recorded, read once per list */
typedef struct
{
  guint       uid;
  GPid        own_pid;
  int         ptrace_scope;   /* kernel.yama.ptrace_scope; 0 without Yama */
  gboolean    have_gdb;
  GHashTable *user_names;     /* uid → name */
} Policy;

static char *
read_file (const char *dir,
           const char *name,
           gsize      *length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, NULL))
    return NULL;
  return contents;
}

static int
read_ptrace_scope (const char *proc_root)
{
  g_autofree char *contents = read_file (proc_root, "sys/kernel/yama/ptrace_scope", NULL);

  return contents ? atoi (contents) : 0;
}

static const char *
user_name (Policy *policy,
           guint   uid)
{
  const char *name = g_hash_table_lookup (policy->user_names, GUINT_TO_POINTER (uid));

  if (name == NULL)
    {
      struct passwd entry, *found = NULL;
      char buffer[4096];

      /* the list is read in a worker thread: getpwuid () is not reentrant */
      if (getpwuid_r (uid, &entry, buffer, sizeof buffer, &found) == 0 && found != NULL)
        name = g_strdup (found->pw_name);
      else
        name = g_strdup_printf ("%u", uid);
      g_hash_table_insert (policy->user_names, GUINT_TO_POINTER (uid), (char *) name);
    }
  return name;
}

/* Why @pid, owned by @uids (real, effective, saved, filesystem), may not
 * be recorded, or NULL */
static char *
reason_not_attachable (Policy      *policy,
                       GPid         pid,
                       const guint  uids[4],
                       const char  *owner)
{
  gboolean root = policy->uid == 0;

  if (pid == policy->own_pid)
    return g_strdup (_("This is heaptrack-gtk itself, which cannot record itself"));
  if (!root && uids[0] != policy->uid)
    return g_strdup_printf (_("Belongs to %s: only they or root can record it"), owner);
  if (!root && (uids[1] != policy->uid || uids[2] != policy->uid || uids[3] != policy->uid))
    return g_strdup (_("Runs with the rights of another user (set-user-ID): only root can record it"));
  if (policy->ptrace_scope >= 3)
    return g_strdup (_("The kernel forbids attaching to processes until the next restart "
                       "(kernel.yama.ptrace_scope is 3)"));
  if (!root && policy->ptrace_scope == 2)
    return g_strdup (_("The kernel lets only root attach to processes (kernel.yama.ptrace_scope is 2): "
                       "record as root, or allow it with “sudo sysctl kernel.yama.ptrace_scope=0”"));
  if (!root && policy->ptrace_scope == 1)
    return g_strdup (_("The kernel lets programs attach only to their own child processes "
                       "(kernel.yama.ptrace_scope is 1): allow it until the next restart with "
                       "“sudo sysctl kernel.yama.ptrace_scope=0”"));
  if (!policy->have_gdb)
    return g_strdup (_("gdb is not installed, and attaching needs it: install the gdb package"));
  return NULL;
}

/* The value of the line "@key:\t…" of a status file */
static const char *
status_field (const char *status,
              const char *key)
{
  gsize len = strlen (key);
  const char *line = status;

  while (strncmp (line, key, len) != 0 || line[len] != ':')
    {
      line = strchr (line, '\n');
      if (line == NULL)
        return NULL;
      line++;
    }
  return line + len + 1;
}

static guint64
read_resident (const char *dir,
               const char *status)
{
  const char *rss = status_field (status, "VmRSS");
  g_autofree char *statm = NULL;
  guint64 pages;

  if (rss != NULL)
    return g_ascii_strtoull (rss, NULL, 10) * 1024;
  /* statm counts pages: size, then resident */
  statm = read_file (dir, "statm", NULL);
  if (statm == NULL || sscanf (statm, "%*u %" G_GUINT64_FORMAT, &pages) != 1)
    return 0;
  return pages * sysconf (_SC_PAGESIZE);
}

/* One process, NULL when it is a kernel thread or vanished meanwhile */
static HtProcessItem *
read_process (Policy     *policy,
              const char *proc_root,
              GPid        pid)
{
  g_autofree char *name = g_strdup_printf ("%d", (int) pid);
  g_autofree char *dir = g_build_filename (proc_root, name, NULL);
  g_autofree char *stat = read_file (dir, "stat", NULL);
  g_autofree char *status = read_file (dir, "status", NULL);
  g_autofree char *cmdline = NULL;
  const char *open_paren, *close_paren, *uid_field;
  HtProcessItem *item;
  guint uids[4];
  int ppid;
  gsize length;

  cmdline = read_file (dir, "cmdline", &length);
  if (stat == NULL || status == NULL || cmdline == NULL)
    return NULL;
  /* "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses */
  open_paren = strchr (stat, '(');
  close_paren = strrchr (stat, ')');
  uid_field = status_field (status, "Uid");
  if (open_paren == NULL || close_paren == NULL || close_paren < open_paren
      || sscanf (close_paren + 1, " %*c %d", &ppid) != 1
      || uid_field == NULL || sscanf (uid_field, "%u %u %u %u", &uids[0], &uids[1], &uids[2], &uids[3]) != 4)
    return NULL;
  if (length == 0 && (pid == 2 || ppid == 2))
    return NULL;

  /* the arguments are separated, and ended, by NUL bytes */
  for (gsize i = 0; i < length; i++)
    if (cmdline[i] == '\0')
      cmdline[i] = ' ';
  g_strchomp (cmdline);

  item = g_object_new (HT_TYPE_PROCESS_ITEM, NULL);
  item->pid = pid;
  item->name = g_strndup (open_paren + 1, close_paren - open_paren - 1);
  item->command_line = g_utf8_make_valid (cmdline, -1);
  item->resident = read_resident (dir, status);
  item->user = g_strdup (user_name (policy, uids[0]));
  item->reason = reason_not_attachable (policy, pid, uids, item->user);
  return item;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  HtProcessItem *item_a = (HtProcessItem *) a;
  HtProcessItem *item_b = (HtProcessItem *) b;

  if ((item_a->reason == NULL) != (item_b->reason == NULL))
    return item_a->reason == NULL ? -1 : 1;
  if (item_a->resident != item_b->resident)
    return item_a->resident > item_b->resident ? -1 : 1;
  return item_a->pid - item_b->pid;
}

GListModel *
ht_process_list_read_as (const char  *proc_root,
                         guint        uid,
                         GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (proc_root, 0, error);
  g_autoptr(GListStore) store = NULL;
  Policy policy;
  const char *entry;

  if (dir == NULL)
    return NULL;

  policy = (Policy) {
    .uid = uid,
    .own_pid = getpid (),
    .ptrace_scope = read_ptrace_scope (proc_root),
    .have_gdb = ht_process_list_can_attach (NULL),
    .user_names = g_hash_table_new_full (NULL, NULL, NULL, g_free),
  };
  store = g_list_store_new (HT_TYPE_PROCESS_ITEM);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      char *end;
      guint64 pid = g_ascii_strtoull (entry, &end, 10);
      HtProcessItem *item;

      if (*end != '\0' || end == entry || pid == 0 || pid > G_MAXINT)
        continue;
      item = read_process (&policy, proc_root, (GPid) pid);
      if (item != NULL)
        g_list_store_append (store, item);
      g_clear_object (&item);
    }
  g_list_store_sort (store, compare_items, NULL);
  g_hash_table_unref (policy.user_names);
  return G_LIST_MODEL (g_steal_pointer (&store));
}

GListModel *
ht_process_list_read (const char  *proc_root,
                      GError     **error)
{
  return ht_process_list_read_as (proc_root, getuid (), error);
}

gboolean
ht_process_list_available (char **why)
{
  if (!ht_recorder_host_in_flatpak ())
    return TRUE;
  if (why != NULL)
    *why = g_strdup (_("heaptrack-gtk runs in a Flatpak sandbox, which shows only its own processes. "
                       "To record a running program, run “heaptrack-gtk-record --pid PID” in a terminal "
                       "and open the trace it writes."));
  return FALSE;
}

gboolean
ht_process_list_can_attach (char **why)
{
  g_autofree char *gdb = g_find_program_in_path ("gdb");

  if (gdb != NULL)
    return TRUE;
  if (why != NULL)
    *why = g_strdup (_("Attaching to a running process needs gdb, which is not installed. "
                       "Install the gdb package, then refresh the list."));
  return FALSE;
}
