/* paint-test-util.h: what the painting tests share: pixels, colours, PNGs
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The painters draw on cairo image surfaces (ARGB32); the tests read their
 * pixels and save each picture in the build's tests/screenshots/ for a look.
 */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

/* the colour at (x, y), 0 to 255 each, and its alpha */
static inline void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       int              rgba[4])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 p = *(const guint32 *) (const void *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);

  rgba[0] = (p >> 16) & 0xff;
  rgba[1] = (p >> 8) & 0xff;
  rgba[2] = p & 0xff;
  rgba[3] = p >> 24;
}

/* (x, y) is @rgb, opaque, give or take rounding */
static inline gboolean
has_colour (cairo_surface_t *surface,
            int              x,
            int              y,
            const double     rgb[3])
{
  int got[4];

  pixel (surface, x, y, got);
  for (int k = 0; k < 3; k++)
    if (ABS (got[k] - (int) (rgb[k] * 255 + 0.5)) > 1)
      return FALSE;
  return got[3] == 255;
}

static inline void
assert_colour (cairo_surface_t *surface,
               int              x,
               int              y,
               const double     rgb[3])
{
  int got[4];

  pixel (surface, x, y, got);
  g_test_message ("(%d, %d): %d %d %d %d", x, y, got[0], got[1], got[2], got[3]);
  g_assert_true (has_colour (surface, x, y, rgb));
}

/* Saves the painted @surface as NAME.png in the build's tests/screenshots/ */
static inline void
save_painting (cairo_surface_t *surface,
               const char      *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  cairo_surface_flush (surface);
  g_mkdir_with_parents (dir, 0755);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}
