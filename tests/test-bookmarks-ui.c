/* test-bookmarks-ui.c: bookmarking from the window, across a restart, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "charter-document-view.h"
#include "charter-sidebar.h"
#include "charter-window.h"

#include "charter-ui-test.h"

static char *bookmarks_path;

/* A window as Charter starts it, on a store read from the file now. */
static CharterWindow *
start (CharterBookmarkStore **store)
{
  g_autoptr(GFile) file = g_file_new_for_path (bookmarks_path);
  CharterWindow *window = g_object_new (CHARTER_TYPE_WINDOW, NULL);

  *store = charter_bookmark_store_new (file);
  charter_bookmark_store_load (*store);
  charter_window_set_bookmarks (window, *store);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  return window;
}

/* Closing the window and the store as quitting does: saves finish first. */
static void
quit (CharterWindow        *window,
      CharterBookmarkStore *store)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_null (window);
  charter_bookmark_store_flush (store);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  /* A finished save's worker thread may hold its task, and so the store, a
   * moment longer: wait for it, boundedly.
   */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (store != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_null (store);
}

static const char *
shown_id (CharterWindow *window)
{
  CharterDocument *document = charter_document_view_get_document (child (window,
                                                                          "document_view"));

  return document ? charter_entry_get_id (CHARTER_ENTRY (document)) : NULL;
}

static void
test_ctrl_d_restart (void)
{
  CharterBookmarkStore *store;
  CharterWindow *window = start (&store);
  GListModel *shown;
  g_autoptr(CharterBookmark) bookmark = NULL;
  GtkWidget *star = child (window, "bookmark_button");

  g_unlink (bookmarks_path);
  charter_bookmark_store_load (store);
  g_assert_false (gtk_widget_get_visible (star));

  /* Ctrl+D on a document. */
  g_assert_true (charter_window_show_entry_by_id (window, "principle-sovereignty"));
  iterate ();
  g_assert_true (gtk_widget_get_visible (star));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (star)), ==, "non-starred-symbolic");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL));
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (star)), ==, "starred-symbolic");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Remove Bookmark");

  /* Quit, and start again. */
  quit (window, store);
  window = start (&store);

  /* The bookmark is listed, and opens its document. */
  shown = charter_sidebar_get_bookmarks_shown (child (window, "sidebar"));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  bookmark = g_list_model_get_item (shown, 0);
  g_assert_cmpstr (charter_bookmark_get_entry_id (bookmark), ==, "principle-sovereignty");
  g_assert_cmpstr (charter_bookmark_get_entry_title (bookmark), ==, "Principle: sovereignty");
  g_assert_true (charter_bookmark_get_available (bookmark));
  g_signal_emit_by_name (child (window, "sidebar"), "bookmark-activated", bookmark);
  iterate ();
  g_assert_cmpstr (shown_id (window), ==, "principle-sovereignty");

  /* Ctrl+D again removes it; Undo brings it back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  charter_bookmark_store_add (store, bookmark);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);

  quit (window, store);
}

static void
test_passage (void)
{
  CharterBookmarkStore *store;
  CharterWindow *window = start (&store);
  CharterDocumentView *view = child (window, "document_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (charter_document_view_get_text_view (view));
  GtkTextIter start_iter, end_iter;
  g_autoptr(CharterBookmark) bookmark = NULL;
  g_autofree char *selected = NULL;
  guint start, end;

  g_unlink (bookmarks_path);
  charter_bookmark_store_load (store);

  /* Select a passage and choose Bookmark Selection. */
  charter_window_show_entry_by_id (window, "principle-peace");
  iterate ();
  gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, 40);
  gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, 90);
  gtk_text_buffer_select_range (buffer, &start_iter, &end_iter);
  selected = gtk_text_buffer_get_text (buffer, &start_iter, &end_iter, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-selection",
                                             NULL));
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  bookmark = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (charter_bookmark_get_quote (bookmark), ==, selected);

  /* Elsewhere, then open the bookmark: the passage, highlighted. */
  charter_window_show_entry_by_id (window, "glossary");
  iterate ();
  g_signal_emit_by_name (child (window, "sidebar"), "bookmark-activated", bookmark);
  iterate ();
  g_assert_cmpstr (shown_id (window), ==, "principle-peace");
  g_assert_cmpuint (charter_document_view_get_n_hits (view), ==, 1);
  g_assert_true (charter_document_view_get_hit (view, 0, &start, &end));
  g_assert_cmpuint (start, ==, 40);
  g_assert_cmpuint (end, ==, 90);

  quit (window, store);
}

static void
test_sidebar_filter_and_accessible (void)
{
  CharterBookmarkStore *store;
  CharterWindow *window = start (&store);
  CharterSidebar *sidebar = child (window, "sidebar");
  GObject *filter = gtk_widget_get_template_child (GTK_WIDGET (sidebar), CHARTER_TYPE_SIDEBAR,
                                                   "bookmarks_filter");
  GListModel *shown;

  g_unlink (bookmarks_path);
  charter_bookmark_store_load (store);
  charter_window_show_entry_by_id (window, "principle-peace");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL);
  charter_window_show_entry_by_id (window, "glossary");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL);
  iterate ();

  shown = charter_sidebar_get_bookmarks_shown (sidebar);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (filter), "GLOSS");
  g_signal_emit_by_name (filter, "search-changed");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (filter), "");
  g_signal_emit_by_name (filter, "search-changed");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (filter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Filter bookmarks");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_template_child (
                                         GTK_WIDGET (sidebar), CHARTER_TYPE_SIDEBAR,
                                         "bookmarks_view")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Bookmarks");

  quit (window, store);
}

static void
test_export_import (void)
{
  CharterBookmarkStore *store;
  CharterWindow *window = start (&store);
  g_autofree char *json_path = g_strconcat (bookmarks_path, ".export.json", NULL);
  g_autofree char *md_path = g_strconcat (bookmarks_path, ".export.md", NULL);
  g_autoptr(GFile) json = g_file_new_for_path (json_path);
  g_autoptr(GFile) md = g_file_new_for_path (md_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;

  g_unlink (bookmarks_path);
  charter_bookmark_store_load (store);
  charter_window_show_entry_by_id (window, "principle-peace");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL);
  iterate ();

  g_assert_true (charter_window_export_bookmarks (window, json, "json", &error));
  g_assert_no_error (error);
  g_assert_true (charter_window_export_bookmarks (window, md, "markdown", &error));
  g_assert_true (g_file_get_contents (md_path, &markdown, NULL, NULL));
  g_assert_true (g_str_has_prefix (markdown, "# Bookmarks\n\n## Principle: peace\n"));

  /* Importing one's own export adds nothing; into an empty store, everything. */
  g_assert_cmpint (charter_window_import_bookmarks (window, json, &error), ==, 0);
  g_unlink (bookmarks_path);
  charter_bookmark_store_load (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpint (charter_window_import_bookmarks (window, json, &error), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* A Markdown file is not an export to import: the error says what it is not. */
  g_assert_cmpint (charter_window_import_bookmarks (window, md, &error), ==, -1);
  g_assert_error (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "it is not valid JSON"));

  g_unlink (json_path);
  g_unlink (md_path);
  quit (window, store);
}

static gboolean
is_kb (CharterWindow *window,
       const char    *id)
{
  CharterKnowledgeBase *kb = charter_window_get_knowledge_base (window);

  return kb != NULL && g_str_equal (charter_knowledge_base_get_id (kb), id);
}

typedef struct
{
  CharterWindow *window;
  const char    *kb_id;
  const char    *id;
} Showing;

static gboolean
shows (gpointer data)
{
  Showing *showing = data;

  return is_kb (showing->window, showing->kb_id) &&
         (showing->id == NULL || g_strcmp0 (shown_id (showing->window), showing->id) == 0);
}

/* Waits until @window shows document @id of knowledge base @kb_id. */
static void
wait_for (CharterWindow *window,
          const char    *kb_id,
          const char    *id)
{
  Showing showing = { window, kb_id, id };

  wait_until (shows, &showing);
}

static void
test_other_knowledge_base (void)
{
  CharterBookmarkStore *store;
  CharterWindow *window = start (&store);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "search.json",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterBookmark) bookmark = NULL;
  CharterDocumentView *view = child (window, "document_view");

  g_unlink (bookmarks_path);
  charter_bookmark_store_load (store);

  /* A bookmark in a knowledge base opened from a file… */
  charter_window_open (window, file);
  wait_for (window, "search-fixture", NULL);
  g_assert_true (charter_window_show_entry_by_id (window, "japanese"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL);
  iterate ();
  bookmark = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (charter_bookmark_get_kb_id (bookmark), ==, "search-fixture");

  /* …opened while another is open: its file loads, then its document shows. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-bundled", NULL);
  wait_for (window, "cn-cyberspace-strategy-2017", NULL);
  g_signal_emit_by_name (child (window, "sidebar"), "bookmark-activated", bookmark);
  wait_for (window, "search-fixture", "japanese");
  g_assert_true (charter_document_view_get_document (view) != NULL);

  g_clear_object (&bookmark);
  quit (window, store);
}

static void
test_keyboard (void)
{
  CharterBookmarkStore *store;
  CharterWindow *window = start (&store);
  CharterSidebar *sidebar = child (window, "sidebar");
  GtkWidget *bookmarks = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (sidebar),
                                                                    CHARTER_TYPE_SIDEBAR,
                                                                    "bookmarks_view"));
  GtkWidget *topics = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (sidebar),
                                                                 CHARTER_TYPE_SIDEBAR,
                                                                 "topics_view"));
  GListModel *shown = charter_sidebar_get_bookmarks_shown (sidebar);

  g_unlink (bookmarks_path);
  charter_bookmark_store_load (store);
  charter_window_show_entry_by_id (window, "principle-peace");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL);
  iterate ();

  /* Into the bookmark with Tab; Down leaves it for the first topic, Up comes back. */
  g_assert_true (gtk_widget_child_focus (bookmarks, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), bookmarks));
  g_assert_true (press (bookmarks, GDK_KEY_Down));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), topics));
  g_assert_true (press (topics, GDK_KEY_Up));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), bookmarks));

  /* Delete on the selected bookmark removes it (the window offers Undo). */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (shown), 0);
  g_assert_true (press (bookmarks, GDK_KEY_Delete));
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  quit (window, store);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  dir = g_dir_make_tmp ("charter-test-bookmarks-ui-XXXXXX", NULL);
  g_assert_nonnull (dir);
  bookmarks_path = g_build_filename (dir, "bookmarks.json", NULL);

  g_test_add_func ("/bookmarks-ui/ctrl-d-restart", test_ctrl_d_restart);
  g_test_add_func ("/bookmarks-ui/passage", test_passage);
  g_test_add_func ("/bookmarks-ui/export-import", test_export_import);
  g_test_add_func ("/bookmarks-ui/keyboard", test_keyboard);
  g_test_add_func ("/bookmarks-ui/other-knowledge-base", test_other_knowledge_base);
  g_test_add_func ("/bookmarks-ui/sidebar-filter-and-accessible",
                   test_sidebar_filter_and_accessible);

  status = g_test_run ();

  g_unlink (bookmarks_path);
  {
    g_autofree char *lock = g_strconcat (bookmarks_path, ".lock", NULL);

    g_unlink (lock);
  }
  g_rmdir (dir);
  g_free (bookmarks_path);
  return status;
}
