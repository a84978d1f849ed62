/* ht-output-file.c: writing a file the user named
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A regular file is written to a temporary file beside it and renamed over
 * it, so that a full disk never leaves half a file. Anything else is
 * written where it is: renaming over /dev/null as root would replace the
 * device with a regular file, a FIFO would be replaced instead of fed, and
 * a symbolic link (/dev/stdout among them) would become a file instead of
 * leading to its target.
 */

#define G_LOG_DOMAIN "ht-output-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-output-file.h"

static gboolean
write_in_place (const char  *path,
                const char  *contents,
                gsize        length,
                GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: cannot open: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  while (length > 0)
    {
      gssize n = write (fd, contents, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : ENOSPC;
          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: cannot write: %s",
                       path, g_strerror (saved));
          return FALSE;
        }
      contents += n;
      length -= (gsize) n;
    }
  if (close (fd) != 0 && errno != EINTR)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: cannot write: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * ht_output_file_write:
 * @path: a path the user gave
 * @contents: (array length=length): what to write
 *
 * Writes @contents to @path: a new or regular file whole or not at all,
 * anything else (a device, a FIFO, a symbolic link, followed) in place.
 *
 * Returns: %TRUE on success; else @error names @path and what went wrong.
 */
gboolean
ht_output_file_write (const char  *path,
                      const char  *contents,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    return write_in_place (path, contents, length, error);
  if (g_file_set_contents (path, contents, (gssize) length, &local_error))
    return TRUE;
  g_set_error (error, local_error->domain, local_error->code, "%s: cannot write: %s", path,
               local_error->message);
  return FALSE;
}
