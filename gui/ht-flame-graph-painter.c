/* ht-flame-graph-painter.c: a flame graph's layout, drawn with cairo
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws what ht-flame-graph.c laid out, and nothing else: one rectangle a
 * frame, coloured by its module (a frame's colour says where the code
 * lives, the same in every view), with the function's name where it fits,
 * elided where it half fits. A plain cairo function, so the widget only
 * calls it and the tests call it on an image surface, without a display.
 */

#define G_LOG_DOMAIN "ht-flame-graph"

#include "config.h"

#include <pango/pangocairo.h>

#include "ht-flame-graph-painter.h"

/* Okabe and Ito's eight colours, told apart by colour-blind readers too,
 * lightened for the light style (dark text on them) and darkened for the
 * dark style (light text) */
static const double palette[][3] = {
  { 0.90, 0.62, 0.00 },
  { 0.34, 0.71, 0.91 },
  { 0.00, 0.62, 0.45 },
  { 0.94, 0.89, 0.26 },
  { 0.00, 0.45, 0.70 },
  { 0.84, 0.37, 0.00 },
  { 0.80, 0.47, 0.65 },
  { 0.60, 0.60, 0.60 },
};

/* The colour of @node's module: the same module, the same colour; frames
 * merged for being too narrow (NULL) are grey */
void
ht_flame_graph_frame_colour (HtCallTree           *tree,
                             const HtCallTreeNode *node,
                             gboolean              dark,
                             double                rgb[3])
{
  const char *module = node != NULL ? ht_call_tree_node_get_module (tree, node) : NULL;
  guint i = node == NULL ? G_N_ELEMENTS (palette) - 1
                         : (module != NULL ? g_str_hash (module) : 0) % (G_N_ELEMENTS (palette) - 1);

  for (int k = 0; k < 3; k++)
    rgb[k] = dark ? palette[i][k] * 0.55 : 0.45 + palette[i][k] * 0.55;
}

/**
 * ht_flame_graph_paint:
 * @width: (in pixels) the width the layout was made for
 * @height: the height drawn into; levels beyond it are left out
 *
 * Draws @layout, whose frames are of @tree.
 */
void
ht_flame_graph_paint (cairo_t                   *cr,
                      HtFlameLayout             *layout,
                      HtCallTree                *tree,
                      int                        width,
                      int                        height,
                      const HtFlamePaintOptions *options)
{
  PangoLayout *text = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
  double row = options->row_height;

  pango_layout_set_font_description (text, font);
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  for (guint i = 0; i < layout->frames->len; i++)
    {
      const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      double x = f->x * width, w = f->width * width;
      double y = options->icicle ? f->depth * row : height - (f->depth + 1) * row;
      double rgb[3];

      if (y + row < 0 || y > height)
        continue;
      ht_flame_graph_frame_colour (tree, f->node, options->dark, rgb);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      /* a pixel between frames and rows, where there is a pixel to spare */
      cairo_rectangle (cr, x, y, w > 2 ? w - 1 : w, row - 1);
      cairo_fill (cr);

      /* a name only where a few letters fit */
      if (f->node != NULL && w > 24)
        {
          g_autofree char *name = ht_call_tree_node_get_display_name (tree, f->node, TRUE);
          int text_height;

          pango_layout_set_text (text, name, -1);
          pango_layout_set_width (text, (int) ((w - 6) * PANGO_SCALE));
          pango_layout_get_pixel_size (text, NULL, &text_height);
          if (options->dark)
            cairo_set_source_rgb (cr, 1, 1, 1);
          else
            cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_move_to (cr, x + 3, y + (row - 1 - text_height) / 2);
          pango_cairo_show_layout (cr, text);
        }
    }
  pango_font_description_free (font);
  g_object_unref (text);
}
