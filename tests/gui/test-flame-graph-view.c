/* test-flame-graph-view.c: the flame graph page of the real window
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb on tests/fixtures/wl-cxx.zst; saves screenshots of the
 * page as the user sees it into the build's tests/screenshots/.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ht-flame-graph-view.h"
#include "ht-tree-item.h"
#include "ht-window.h"
#include "gui-test-util.h"

typedef struct
{
  HtWindow         *window;
  HtFlameGraphView *view;
  HtFlameGraphArea *area;
} Fixture;

static void
fixture_open (Fixture    *f,
              const char *trace)
{
  f->window = open_window (trace);
  wait_loaded (f->window);
  g_assert_cmpstr (ht_window_get_state (f->window), ==, "content");
  ht_window_show_view (f->window, "flame-graph");
  iterate (300);
  f->view = HT_FLAME_GRAPH_VIEW (ht_window_get_view (f->window, "flame-graph"));
  f->area = ht_flame_graph_view_get_area (f->view);
}

static const char *
visible_view (Fixture *f)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (f->view), ADW_TYPE_VIEW_STACK);

  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack));
}

static char *
dup_description (Fixture *f)
{
  char *text = NULL;

  g_object_get (f->area, "description", &text, NULL);
  return text;
}

static guint
frame_of (HtFlameLayout  *layout,
          HtCallTreeNode *node)
{
  guint frame = ht_flame_layout_find_node (layout, node);

  g_assert_cmpuint (frame, !=, HT_FLAME_NO_FRAME);
  return frame;
}

/* the page shows the top-down graph; zooming into a frame shows it alone
 * at full width, back and forward and reset move through the history */
static void
test_zoom (void)
{
  Fixture f;
  HtFlameLayout *layout;
  HtCallTreeNode *child;
  gint64 whole;
  guint n_whole;

  fixture_open (&f, "wl-cxx.zst");
  layout = ht_flame_graph_area_get_layout (f.area);
  g_assert_nonnull (layout);
  g_assert_true (ht_call_tree_is_top_down (layout->tree));
  g_assert_cmpuint (layout->frames->len, >, 3);
  whole = layout->total;
  n_whole = layout->frames->len;
  g_assert_cmpint (whole, ==, ht_document_get_analysis (ht_window_get_document (f.window))->total.peak);
  save_screenshot (GTK_WIDGET (f.window), "flame-graph-top-down");

  /* the keyboard: the first arrow picks the base frame, up (a flame grows
   * upwards) its first child, Return zooms into it */
  gtk_widget_grab_focus (GTK_WIDGET (f.area));
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "up");
  g_assert_true (ht_flame_graph_area_get_focus_node (f.area) == g_array_index (layout->frames, HtFlameFrame, 0).node);
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "up");
  child = ht_flame_graph_area_get_focus_node (f.area);
  g_assert_true (child == g_array_index (layout->frames, HtFlameFrame,
                                         ht_flame_layout_walk (layout, 0, HT_FLAME_WALK_CHILD)).node);
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.zoom-in", NULL);
  iterate (100);
  layout = ht_flame_graph_area_get_layout (f.area);
  g_assert_true (ht_flame_graph_area_get_zoom (f.area) == child);
  g_assert_true (g_array_index (layout->frames, HtFlameFrame, 0).node == child);
  g_assert_cmpfloat (g_array_index (layout->frames, HtFlameFrame, 0).width, ==, 1.0);
  g_assert_cmpint (layout->total, ==, ht_cost_get (ht_call_tree_node_get_cost (child), HT_COST_PEAK));
  g_assert_cmpint (layout->total, <, whole);

  /* back shows the whole tree again, forward the zoom, reset the whole */
  gtk_widget_activate_action (GTK_WIDGET (f.view), "flame.back", NULL);
  layout = ht_flame_graph_area_get_layout (f.area);
  g_assert_null (ht_flame_graph_area_get_zoom (f.area));
  g_assert_cmpint (layout->total, ==, whole);
  g_assert_cmpuint (layout->frames->len, ==, n_whole);
  gtk_widget_activate_action (GTK_WIDGET (f.view), "flame.forward", NULL);
  g_assert_true (ht_flame_graph_area_get_zoom (f.area) == child);
  gtk_widget_activate_action (GTK_WIDGET (f.view), "flame.reset", NULL);
  g_assert_null (ht_flame_graph_area_get_zoom (f.area));
  /* reset is a step of its own: back undoes it */
  gtk_widget_activate_action (GTK_WIDGET (f.view), "flame.back", NULL);
  g_assert_true (ht_flame_graph_area_get_zoom (f.area) == child);
  gtk_widget_activate_action (GTK_WIDGET (f.view), "flame.reset", NULL);
  gtk_window_destroy (GTK_WINDOW (f.window));
}

/* the arrows walk the frames and the label under the graph tells the
 * frame walked to in words */
static void
test_keyboard (void)
{
  Fixture f;
  HtFlameLayout *layout;
  guint frame, next;
  g_autofree char *told = NULL;
  g_autofree char *expected = NULL;

  fixture_open (&f, "wl-cxx.zst");
  layout = ht_flame_graph_area_get_layout (f.area);
  gtk_widget_grab_focus (GTK_WIDGET (f.area));
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "up");
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "up");
  frame = frame_of (layout, ht_flame_graph_area_get_focus_node (f.area));
  g_assert_cmpuint (g_array_index (layout->frames, HtFlameFrame, frame).depth, ==, 1);

  /* right: the neighbour on the level, if there is one, else nothing moves */
  next = ht_flame_layout_walk (layout, frame, HT_FLAME_WALK_NEXT);
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "right");
  if (next != HT_FLAME_NO_FRAME && g_array_index (layout->frames, HtFlameFrame, next).node != NULL)
    {
      g_assert_cmpuint (frame_of (layout, ht_flame_graph_area_get_focus_node (f.area)), ==, next);
      gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "left");
    }
  g_assert_cmpuint (frame_of (layout, ht_flame_graph_area_get_focus_node (f.area)), ==, frame);

  /* down (towards the base of a flame) is the parent */
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "down");
  g_assert_cmpuint (frame_of (layout, ht_flame_graph_area_get_focus_node (f.area)), ==, 0);
  told = dup_description (&f);
  expected = ht_flame_layout_describe (layout, 0);
  g_assert_cmpstr (told, ==, expected);
  g_assert_nonnull (strstr (told, "% of peak"));

  /* in an icicle the base is on top: down is the child */
  g_object_set (f.area, "icicle", TRUE, NULL);
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "down");
  g_assert_cmpuint (frame_of (layout, ht_flame_graph_area_get_focus_node (f.area)), ==,
                    ht_flame_layout_walk (layout, 0, HT_FLAME_WALK_CHILD));
  g_object_set (f.area, "icicle", FALSE, NULL);
  gtk_window_destroy (GTK_WINDOW (f.window));
}

/* a search greys what it does not match and tells the share it matches:
 * operator[] of the map is on one stack only, so it matches that
 * function's inclusive cost (caller/callee figures, worked out apart) */
static void
test_search (void)
{
  Fixture f;
  HtDocument *document;
  HtCallerCallee *functions;
  HtFlameLayout *layout;
  guint found = HT_SESSION_NO_FUNCTION, n_found = 0, n_marked = 0;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;

  fixture_open (&f, "wl-cxx.zst");
  /* Ctrl+F on this page goes to its search field */
  {
    GtkWidget *focus;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.find", NULL));
    focus = gtk_root_get_focus (GTK_ROOT (f.window));
    g_assert_nonnull (focus);
    g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
    g_assert_true (gtk_widget_get_ancestor (focus, HT_TYPE_FLAME_GRAPH_VIEW) == GTK_WIDGET (f.view));
  }
  document = ht_window_get_document (f.window);
  functions = ht_document_get_caller_callee (document);
  for (guint i = 0; i < ht_caller_callee_get_n_functions (functions); i++)
    {
      g_autofree char *name = ht_caller_callee_get_display_name (functions, i, TRUE);
      g_autofree char *folded = g_utf8_casefold (name, -1);

      if (strstr (folded, "operator[]") != NULL)
        {
          found = i;
          n_found++;
        }
    }
  g_assert_cmpuint (n_found, ==, 1);

  /* typed in another case */
  ht_flame_graph_view_search (f.view, "OPERATOR[]");
  iterate (200);
  layout = ht_flame_graph_area_get_layout (f.area);
  g_object_get (f.area, "search-summary", &summary, NULL);
  expected = g_strdup_printf ("matches %.1f %% of peak",
                              100.0 * (double) ht_caller_callee_get_inclusive_cost (functions, found)->peak
                              / (double) layout->total);
  g_assert_cmpstr (summary, ==, expected);
  for (guint i = 0; i < layout->frames->len; i++)
    n_marked += (g_array_index (layout->frames, HtFlameFrame, i).marks & HT_FLAME_MARK_MATCH) != 0;
  g_assert_cmpuint (n_marked, ==, 1);
  g_test_message ("search: %s", summary);

  /* a wider search: the vector's and the map's stacks, 200 of the peak's bytes */
  ht_flame_graph_view_search (f.view, "alloc");
  iterate (300);
  save_screenshot (GTK_WIDGET (f.window), "flame-graph-search");
  ht_flame_graph_view_search (f.view, "");
  g_clear_pointer (&summary, g_free);
  g_object_get (f.area, "search-summary", &summary, NULL);
  g_assert_cmpstr (summary, ==, "");
  gtk_window_destroy (GTK_WINDOW (f.window));
}

/* the context menu's actions: opened from the keyboard, "Show in
 * Bottom-Up" selects the frame's function in the session and shows the
 * bottom-up tree; the selected function's frames are marked */
static void
test_context_menu (void)
{
  Fixture f;
  HtFlameLayout *layout;
  HtCallTreeNode *node;
  HtSession *session;
  HtCallerCallee *functions;
  GtkWidget *menu;
  guint function;
  guint n_selected = 0;

  fixture_open (&f, "wl-cxx.zst");
  session = ht_window_get_session (f.window);
  functions = ht_document_get_caller_callee (ht_window_get_document (f.window));
  layout = ht_flame_graph_area_get_layout (f.area);
  gtk_widget_grab_focus (GTK_WIDGET (f.area));
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "up");
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "up");
  node = ht_flame_graph_area_get_focus_node (f.area);

  /* Shift+F10 and the Menu key */
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.menu", NULL);
  menu = gtk_widget_get_first_child (GTK_WIDGET (f.area));
  g_assert_true (GTK_IS_POPOVER_MENU (menu));
  /* at once: without a window manager, the window may lose the focus that
   * keeps an autohiding popover up */
  g_assert_true (gtk_widget_get_visible (menu));
  iterate (100);
  gtk_popover_popdown (GTK_POPOVER (menu));

  g_assert_true (ht_caller_callee_find (functions, ht_call_tree_node_get_symbol (layout->tree, node), &function));
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.show-bottom-up", NULL);
  iterate (300);
  g_assert_cmpuint (ht_session_get_selected_function (session), ==, function);
  g_assert_cmpstr (visible_view (&f), ==, "bottom-up");
  /* the tree selects that function's costliest row */
  {
    GtkTreeListRow *row = selected_item (ht_window_get_view (f.window, "bottom-up"));
    g_autoptr(HtTreeItem) item = NULL;

    g_assert_nonnull (row);
    item = gtk_tree_list_row_get_item (row);
    g_assert_cmpmem (ht_call_tree_node_get_symbol (ht_tree_item_get_tree (item), ht_tree_item_get_node (item)),
                     sizeof (HtCallSymbol), ht_call_tree_node_get_symbol (layout->tree, node), sizeof (HtCallSymbol));
  }

  /* back on the flame graph, that function's frames are outlined */
  ht_window_show_view (f.window, "flame-graph");
  iterate (200);
  layout = ht_flame_graph_area_get_layout (f.area);
  for (guint i = 0; i < layout->frames->len; i++)
    n_selected += (g_array_index (layout->frames, HtFlameFrame, i).marks & HT_FLAME_MARK_SELECTED) != 0;
  g_assert_cmpuint (n_selected, >=, 1);
  g_assert_true (g_array_index (layout->frames, HtFlameFrame, frame_of (layout, node)).marks
                 & HT_FLAME_MARK_SELECTED);
  /* and with the focus on a frame, coloured by cost */
  gtk_widget_grab_focus (GTK_WIDGET (f.area));
  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.walk", "s", "up");
  g_object_set (f.area, "colour-by-cost", TRUE, NULL);
  iterate (200);
  save_screenshot (GTK_WIDGET (f.window), "flame-graph-selected-by-cost");
  g_object_set (f.area, "colour-by-cost", FALSE, NULL);

  gtk_widget_activate_action (GTK_WIDGET (f.area), "frame.show-top-down", NULL);
  iterate (200);
  g_assert_cmpstr (visible_view (&f), ==, "top-down");
  gtk_window_destroy (GTK_WINDOW (f.window));
}

/* bottom-up puts the allocating functions at the base; an icicle hangs
 * from the top; the dark style paints dark */
static void
test_styles (void)
{
  Fixture f;
  HtFlameLayout *layout;
  HtCallTreeNode *base;

  fixture_open (&f, "wl-cxx.zst");
  g_object_set (f.view, "top-down", FALSE, NULL);
  iterate (300);
  layout = ht_flame_graph_area_get_layout (f.area);
  g_assert_false (ht_call_tree_is_top_down (layout->tree));
  base = g_array_index (layout->frames, HtFlameFrame, 0).node;
  /* the costliest allocating function: an allocator's frame, not main */
  g_assert_cmpstr (ht_call_tree_node_get_function (layout->tree, base), !=, "main");
  save_screenshot (GTK_WIDGET (f.window), "flame-graph-bottom-up");

  g_object_set (f.view, "top-down", TRUE, NULL);
  g_object_set (f.area, "icicle", TRUE, NULL);
  iterate (300);
  g_assert_true (ht_call_tree_is_top_down (ht_flame_graph_area_get_layout (f.area)->tree));
  save_screenshot (GTK_WIDGET (f.window), "flame-graph-icicle");
  g_object_set (f.area, "icicle", FALSE, NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  iterate (300);
  save_screenshot (GTK_WIDGET (f.window), "flame-graph-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  iterate (100);
  gtk_window_destroy (GTK_WINDOW (f.window));
}

/* a threshold hides the frames below it; the cost type is the session's,
 * followed by the graph and the dropdown, and set by the dropdown */
static void
test_options (void)
{
  Fixture f;
  HtSession *session;
  HtFlameLayout *layout;
  GtkDropDown *dropdown;
  guint all;
  gint64 leaked;
  gboolean empty;

  fixture_open (&f, "wl-cxx.zst");
  session = ht_window_get_session (f.window);
  all = ht_flame_graph_area_get_layout (f.area)->frames->len;

  g_object_set (f.area, "threshold", 50.0, NULL);
  layout = ht_flame_graph_area_get_layout (f.area);
  g_assert_cmpuint (layout->frames->len, <, all);
  for (guint i = 0; i < layout->frames->len; i++)
    g_assert_cmpint (g_array_index (layout->frames, HtFlameFrame, i).cost * 2, >=, layout->total);
  g_object_set (f.area, "threshold", 0.0, NULL);

  ht_session_set_cost_type (session, HT_COST_LEAKED);
  iterate (100);
  layout = ht_flame_graph_area_get_layout (f.area);
  leaked = ht_document_get_analysis (ht_window_get_document (f.window))->total.leaked;
  g_assert_cmpint (layout->total, ==, MAX (leaked, 0));
  g_assert_cmpint (layout->type, ==, HT_COST_LEAKED);
  dropdown = GTK_DROP_DOWN (gtk_widget_get_first_child (gtk_widget_get_first_child (
    gtk_widget_get_first_child (GTK_WIDGET (f.view)))));
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);
  /* and the other way: the dropdown sets the session's */
  gtk_drop_down_set_selected (dropdown, 2);
  g_assert_cmpint (ht_session_get_cost_type (session), ==, HT_COST_ALLOCATIONS);
  g_object_get (f.area, "empty", &empty, NULL);
  g_assert_false (empty);
  ht_session_set_cost_type (session, HT_COST_PEAK);
  gtk_window_destroy (GTK_WINDOW (f.window));
}

/* a trace without allocations shows the empty page, not a broken drawing */
static void
test_empty (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "nothing.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtWindow *window = ht_window_new (NULL);
  HtFlameGraphView *view;
  GtkStack *stack;
  gboolean empty;

  g_assert_true (g_file_set_contents (path, "v 10400 3\nX ./nothing\n", -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  ht_window_open (window, file);
  wait_loaded (window);
  g_assert_cmpstr (ht_window_get_state (window), ==, "content");
  ht_window_show_view (window, "flame-graph");
  iterate (300);
  view = HT_FLAME_GRAPH_VIEW (ht_window_get_view (window, "flame-graph"));
  g_object_get (ht_flame_graph_view_get_area (view), "empty", &empty, NULL);
  g_assert_true (empty);
  stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (ht_flame_graph_view_get_area (view)), GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  save_screenshot (GTK_WIDGET (window), "flame-graph-empty");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* exports: PNG and SVG of the graph, the folded stacks as
 * heaptrack-gtk-print -F writes them; a file that cannot be written is
 * named in the error */
static void
test_export (void)
{
  Fixture f;
  g_autofree char *dir = g_dir_make_tmp ("ht-gui-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "graph.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "graph.svg", NULL);
  g_autofree char *folded = g_build_filename (dir, "graph.folded", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "graph.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gsize length;

  fixture_open (&f, "wl-cxx.zst");
  g_assert_true (ht_flame_graph_view_export (f.view, "png", png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&contents, g_free);

  g_assert_true (ht_flame_graph_view_export (f.view, "svg", svg, &error));
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);

  ht_session_set_cost_type (ht_window_get_session (f.window), HT_COST_ALLOCATIONS);
  g_assert_true (ht_flame_graph_view_export (f.view, "folded", folded, &error));
  g_assert_true (g_file_get_contents (folded, &contents, NULL, NULL));
  ht_report_folded (ht_document_get_analysis (ht_window_get_document (f.window)), HT_COST_ALLOCATIONS, TRUE, NULL,
                    expected);
  g_assert_cmpstr (contents, ==, expected->str);
  g_assert_nonnull (strstr (contents, "main (wl-cxx.cpp); 100\n"));

  g_assert_false (ht_flame_graph_view_export (f.view, "png", bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad));

  g_unlink (png);
  g_unlink (svg);
  g_unlink (folded);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (f.window));
}

int
main (int    argc,
      char **argv)
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  g_test_add_func ("/ht/gui/flame-graph/zoom", test_zoom);
  g_test_add_func ("/ht/gui/flame-graph/keyboard", test_keyboard);
  g_test_add_func ("/ht/gui/flame-graph/search", test_search);
  g_test_add_func ("/ht/gui/flame-graph/context-menu", test_context_menu);
  g_test_add_func ("/ht/gui/flame-graph/styles", test_styles);
  g_test_add_func ("/ht/gui/flame-graph/options", test_options);
  g_test_add_func ("/ht/gui/flame-graph/empty", test_empty);
  g_test_add_func ("/ht/gui/flame-graph/export", test_export);
  return g_test_run ();
}
