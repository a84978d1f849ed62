/* ht-flame-graph-painter.c: a flame graph's layout, drawn with cairo
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws what ht-flame-graph.c laid out, and nothing else: one rectangle a
 * frame, coloured by its module (a frame's colour says where the code
 * lives, the same in every view), with the function's name where it fits,
 * elided where it half fits. Or coloured by cost, one hue from pale to
 * deep, which colour-blind readers tell apart by its lightness. Or, in a
 * comparison, by how the frame's cost changed: blue shrank, red grew, the
 * deeper the more, grey unchanged. A search
 * greys what it does not match; the selected function's frames get an
 * outline. A plain cairo function, so the widget only
 * calls it and the tests call it on an image surface, without a display.
 */

#define G_LOG_DOMAIN "ht-flame-graph"

#include "config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include <glib/gi18n.h>

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

#define GREY (G_N_ELEMENTS (palette) - 1)
/* colouring by cost uses this many steps of its ramp, so that frames of
 * one colour can be filled together */
#define COST_STEPS 24
/* colouring by change uses this many steps on each side of unchanged */
#define CHANGE_STEPS 12
/* the colours of a paint: the palette's, the search's grey, the cost's
 * ramp, the change's ramp (its middle step unchanged) */
#define GREYED G_N_ELEMENTS (palette)
#define FIRST_COST (GREYED + 1)
#define UNCHANGED (FIRST_COST + COST_STEPS + CHANGE_STEPS)
#define N_COLOURS (UNCHANGED + CHANGE_STEPS + 1)

static guint
module_colour (const char *module)
{
  return (module != NULL ? g_str_hash (module) : 0) % (G_N_ELEMENTS (palette) - 1);
}

static guint
frame_module_colour (HtFlameLayout      *layout,
                     const HtFlameFrame *f)
{
  if (f->node == NULL)
    return GREY;
  return module_colour (layout->source->module (layout->data, f->node));
}

static void
palette_colour (guint    i,
                gboolean dark,
                double   rgb[3])
{
  for (int k = 0; k < 3; k++)
    rgb[k] = dark ? palette[i][k] * 0.55 : 0.45 + palette[i][k] * 0.55;
}

/* The colour of @node's module: the same module, the same colour; frames
 * merged for being too narrow (NULL) are grey */
void
ht_flame_graph_frame_colour (HtCallTree           *tree,
                             const HtCallTreeNode *node,
                             gboolean              dark,
                             double                rgb[3])
{
  palette_colour (node != NULL ? module_colour (ht_call_tree_node_get_module (tree, node)) : GREY, dark, rgb);
}

/* The colour of a frame of @share (0 to 1) of the total when colouring by
 * cost: Okabe and Ito's orange, from pale (cheap) to deep (costly) in the
 * light style, from dim to bright in the dark one, always readable under
 * the text colour of the style. The curve rises fast at first, so that
 * small shares differ too. */
void
ht_flame_graph_cost_colour (double   share,
                            gboolean dark,
                            double   rgb[3])
{
  static const double cheap[2][3] = { { 0.99, 0.93, 0.82 }, { 0.24, 0.19, 0.15 } };
  static const double costly[2][3] = { { 0.84, 0.37, 0.00 }, { 0.66, 0.32, 0.00 } };
  double rest = 1 - CLAMP (share, 0, 1);
  double t = 1 - rest * rest * rest;

  for (int k = 0; k < 3; k++)
    rgb[k] = cheap[dark][k] + (costly[dark][k] - cheap[dark][k]) * t;
}

/* The colour of a frame whose cost changed by @change, from -1 (shrank
 * the most in view) through 0 (unchanged) to 1 (grew the most): blue to a
 * neutral grey to red, the saturation growing with the change, as
 * differential flame graphs have it. Pale in the light style, under dark
 * text; deep in the dark style, under light text. Blue and red differ in
 * lightness too, and the frame's label says what changed in words. */
void
ht_flame_graph_change_colour (double   change,
                              gboolean dark,
                              double   rgb[3])
{
  static const double unchanged[2][3] = { { 0.88, 0.88, 0.86 }, { 0.26, 0.26, 0.28 } };
  static const double grew[2][3] = { { 0.96, 0.42, 0.36 }, { 0.72, 0.15, 0.13 } };
  static const double shrank[2][3] = { { 0.45, 0.64, 0.96 }, { 0.13, 0.31, 0.70 } };
  double t = fabs (CLAMP (change, -1, 1));
  const double *to = change > 0 ? grew[dark] : shrank[dark];

  /* the curve rises fast at first, so that small changes show */
  t = 1 - (1 - t) * (1 - t);
  for (int k = 0; k < 3; k++)
    rgb[k] = unchanged[dark][k] + (to[k] - unchanged[dark][k]) * t;
}

static guint
colour_of (HtFlameLayout             *layout,
           const HtFlameFrame        *f,
           const HtFlamePaintOptions *options)
{
  if (options->searching && !(f->marks & HT_FLAME_MARK_MATCH))
    return GREYED;
  if (options->by_change && f->node != NULL)
    return UNCHANGED + (int) lround (CLAMP (f->change, -1, 1) * CHANGE_STEPS);
  if (options->by_cost && f->node != NULL)
    return FIRST_COST + (guint) ((double) (COST_STEPS - 1) * (double) f->cost / (double) MAX (layout->total, 1));
  return frame_module_colour (layout, f);
}

static void
colour_rgb (guint    colour,
            gboolean dark,
            double   rgb[3])
{
  if (colour < GREYED)
    palette_colour (colour, dark, rgb);
  else if (colour == GREYED)
    rgb[0] = rgb[1] = rgb[2] = dark ? 0.2 : 0.88;
  else if (colour < FIRST_COST + COST_STEPS)
    ht_flame_graph_cost_colour ((double) (colour - FIRST_COST) / (COST_STEPS - 1), dark, rgb);
  else
    ht_flame_graph_change_colour (((double) colour - UNCHANGED) / CHANGE_STEPS, dark, rgb);
}

/* More names than a screen shows many times over: beyond, start afresh */
#define MAX_LABELS 8192

struct _HtFlameLabels
{
  GHashTable *names;  /* display name → PangoLayout of it whole, unelided */
};

HtFlameLabels *
ht_flame_labels_new (void)
{
  HtFlameLabels *self = g_new0 (HtFlameLabels, 1);

  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return self;
}

void
ht_flame_labels_free (HtFlameLabels *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->names);
  g_free (self);
}

/* @name laid out whole, once for all paints */
static PangoLayout *
label_layout (HtFlameLabels        *self,
              cairo_t              *cr,
              PangoFontDescription *font,
              const char           *name)
{
  PangoLayout *layout = g_hash_table_lookup (self->names, name);

  if (layout == NULL)
    {
      if (g_hash_table_size (self->names) >= MAX_LABELS)
        g_hash_table_remove_all (self->names);
      layout = pango_cairo_create_layout (cr);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, name, -1);
      g_hash_table_insert (self->names, g_strdup (name), layout);
    }
  return layout;
}

/* @name at (@x, @y), whole if it fits into @room pixels, else as many
 * whole letters as fit with "…" after them. The elision cuts the name laid
 * out once instead of laying it out again for each width: after a zoom or
 * a resize no name is shaped anew. */
static void
draw_label (cairo_t              *cr,
            HtFlameLabels        *labels,
            PangoFontDescription *font,
            PangoLayout          *ellipsis,
            const char           *name,
            double                x,
            double                y,
            double                room)
{
  PangoLayout *whole = label_layout (labels, cr, font, name);
  int width, ellipsis_width, height, index, trailing, cut;

  pango_layout_get_pixel_size (whole, &width, NULL);
  if (width <= room)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, whole);
      return;
    }
  pango_layout_get_pixel_size (ellipsis, &ellipsis_width, &height);
  if (room <= ellipsis_width)
    return;
  /* the first letter that would overlap the ellipsis, and where it starts */
  pango_layout_line_x_to_index (pango_layout_get_line_readonly (whole, 0),
                                (int) ((room - ellipsis_width) * PANGO_SCALE), &index, &trailing);
  pango_layout_line_index_to_x (pango_layout_get_line_readonly (whole, 0), index, FALSE, &cut);
  /* a pixel short: hinting may start the cut letter's ink a little early */
  cut = MAX (PANGO_PIXELS_FLOOR (cut) - 1, 0);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, cut, height);
  cairo_clip (cr);
  /* the clip took the path, and the current point with it */
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, whole);
  cairo_restore (cr);
  cairo_move_to (cr, x + cut, y);
  pango_cairo_show_layout (cr, ellipsis);
}

typedef struct
{
  double x, y, width;
} Box;

/* Where @f goes, on whole pixels (crisp edges, and cairo's fast path for
 * rectangles); FALSE if it is off the surface or thinner than a pixel */
static gboolean
place (const HtFlameFrame        *f,
       int                        width,
       int                        height,
       const HtFlamePaintOptions *options,
       Box                       *box)
{
  double row = options->row_height;

  box->x = (int) (f->x * width + 0.5);
  box->width = (int) ((f->x + f->width) * width + 0.5) - box->x;
  box->y = options->icicle ? f->depth * row : height - (f->depth + 1) * row;
  return box->y + row >= 0 && box->y <= height && box->width >= 1;
}

/**
 * ht_flame_graph_paint_change_legend:
 *
 * What the colours of a comparison's flame graph mean: "Shrank", a ramp
 * from blue through grey to red, "Grew", centred in @width × @height.
 */
void
ht_flame_graph_paint_change_legend (cairo_t *cr,
                                    int      width,
                                    int      height,
                                    gboolean dark)
{
  /* Translators: the ends of the differential flame graph's colour legend */
  const char *ends[2] = { C_("legend", "Shrank"), C_("legend", "Grew") };
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
  PangoLayout *text[2];
  int text_width[2], text_height = 0;
  double ramp = MIN (160, width / 2.0), gap = 6, ink = dark ? 1 : 0, x;

  for (int i = 0; i < 2; i++)
    {
      text[i] = pango_cairo_create_layout (cr);
      pango_layout_set_font_description (text[i], font);
      pango_layout_set_text (text[i], ends[i], -1);
      pango_layout_get_pixel_size (text[i], &text_width[i], &text_height);
    }
  x = MAX ((width - ramp - text_width[0] - text_width[1] - 2 * gap) / 2, 0);
  cairo_set_source_rgb (cr, ink, ink, ink);
  cairo_move_to (cr, x, (height - text_height) / 2.0);
  pango_cairo_show_layout (cr, text[0]);
  x += text_width[0] + gap;
  /* the painter's own steps, so that the legend shows the frames' colours */
  for (int step = -CHANGE_STEPS; step <= CHANGE_STEPS; step++)
    {
      double rgb[3], w = ramp / (2 * CHANGE_STEPS + 1);

      ht_flame_graph_change_colour ((double) step / CHANGE_STEPS, dark, rgb);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle (cr, x + (step + CHANGE_STEPS) * w, (height - text_height) / 2.0, ceil (w), text_height);
      cairo_fill (cr);
    }
  x += ramp + gap;
  cairo_set_source_rgb (cr, ink, ink, ink);
  cairo_move_to (cr, x, (height - text_height) / 2.0);
  pango_cairo_show_layout (cr, text[1]);
  for (int i = 0; i < 2; i++)
    g_object_unref (text[i]);
  pango_font_description_free (font);
}

/**
 * ht_flame_graph_paint:
 * @width: (in pixels) the width the layout was made for
 * @height: the height drawn into; levels beyond it are left out
 *
 * Draws @layout.
 */
void
ht_flame_graph_paint (cairo_t                   *cr,
                      HtFlameLayout             *layout,
                      int                        width,
                      int                        height,
                      const HtFlamePaintOptions *options)
{
  g_autoptr(HtFlameLabels) own_labels = options->labels == NULL ? ht_flame_labels_new () : NULL;
  HtFlameLabels *labels = options->labels != NULL ? options->labels : own_labels;
  PangoLayout *ellipsis = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
  double row = options->row_height;
  double ink = options->dark ? 1 : 0;
  g_autofree guint8 *colours = g_new (guint8, layout->frames->len);
  int text_height;

  G_STATIC_ASSERT (N_COLOURS <= 256);

  /* one fill per colour, not per frame: thousands of frames share a dozen */
  for (guint i = 0; i < layout->frames->len; i++)
    colours[i] = colour_of (layout, &g_array_index (layout->frames, HtFlameFrame, i), options);
  for (guint c = 0; c < N_COLOURS; c++)
    {
      gboolean any = FALSE;
      double rgb[3];

      for (guint i = 0; i < layout->frames->len; i++)
        {
          Box b;

          if (colours[i] != c || !place (&g_array_index (layout->frames, HtFlameFrame, i), width, height,
                                         options, &b))
            continue;
          /* a pixel between frames and rows, where there is a pixel to spare */
          cairo_rectangle (cr, b.x, b.y, b.width > 2 ? b.width - 1 : b.width, row - 1);
          any = TRUE;
        }
      if (!any)
        continue;
      colour_rgb (c, options->dark, rgb);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_fill (cr);
    }

  pango_layout_set_font_description (ellipsis, font);
  /* one line of the font is as high whatever it says */
  pango_layout_set_text (ellipsis, "…", -1);
  pango_layout_get_pixel_size (ellipsis, NULL, &text_height);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < layout->frames->len; i++)
    {
      const HtFlameFrame *f = &g_array_index (layout->frames, HtFlameFrame, i);
      Box b;

      if (!place (f, width, height, options, &b))
        continue;
      /* the selected function: an outline in the text's colour, inside the frame */
      if ((f->marks & HT_FLAME_MARK_SELECTED) && b.width > 4)
        {
          cairo_set_source_rgb (cr, ink, ink, ink);
          cairo_rectangle (cr, b.x + 1, b.y + 1, b.width - 3, row - 3);
          cairo_stroke (cr);
        }

      /* a name only where a few letters fit */
      if (f->node != NULL && b.width > 24)
        {
          g_autofree char *name = layout->source->display_name (layout->data, f->node, TRUE);

          /* greyed text still readable, but quieter than a match's */
          if (colours[i] == GREYED)
            cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
          else
            cairo_set_source_rgb (cr, ink, ink, ink);
          draw_label (cr, labels, font, ellipsis, name, b.x + 3, b.y + (row - 1 - text_height) / 2, b.width - 6);
        }
    }
  pango_font_description_free (font);
  g_object_unref (ellipsis);
}
