/* test-window.c: the reading window as a reader uses it, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "charter-document-view.h"
#include "charter-entry-page.h"
#include "charter-sidebar.h"
#include "charter-window.h"

#include "charter-ui-test.h"

static const char *
visible_page (CharterWindow *window,
              const char    *stack)
{
  return gtk_stack_get_visible_child_name (child (window, stack));
}

static CharterWindow *
open_window (void)
{
  CharterWindow *window = g_object_new (CHARTER_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  return window;
}

static void
close_window (CharterWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_null (window);
}

static char *
document_text (CharterWindow *window)
{
  CharterDocumentView *view = child (window, "document_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (charter_document_view_get_text_view (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_bundled (void)
{
  CharterWindow *window = open_window ();
  CharterKnowledgeBase *kb = charter_window_get_knowledge_base (window);
  CharterSidebar *sidebar = child (window, "sidebar");

  g_assert_nonnull (kb);
  g_assert_cmpstr (charter_knowledge_base_get_id (kb), ==, "cn-cyberspace-strategy-2017");
  g_assert_true (charter_sidebar_get_knowledge_base (sidebar) == kb);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "International Strategy of Cooperation on Cyberspace");
  g_assert_cmpstr (visible_page (window, "stack"), ==, "main");
  g_assert_cmpstr (visible_page (window, "content_stack"), ==, "welcome");

  /* Nothing to go back to yet. */
  g_assert_false (gtk_widget_is_sensitive (child (window, "back_button")));

  close_window (window);
}

static void
test_sovereignty (void)
{
  CharterWindow *window = open_window ();
  CharterKnowledgeBase *kb = charter_window_get_knowledge_base (window);
  CharterEntry *principle = charter_knowledge_base_lookup (kb, "sovereignty");
  CharterEntry *document = charter_knowledge_base_lookup (kb, "principle-sovereignty");
  CharterSidebar *sidebar = child (window, "sidebar");
  g_autofree char *text = NULL;

  /* The reader picks Sovereignty in the sidebar… */
  g_signal_emit_by_name (sidebar, "entry-activated", principle);
  iterate ();
  g_assert_cmpstr (visible_page (window, "content_stack"), ==, "entry");
  g_assert_true (charter_entry_page_get_entry (child (window, "entry_page")) == principle);
  g_assert_true (charter_sidebar_get_selected_entry (sidebar) == principle);

  /* …then opens its document from the page. */
  g_signal_emit_by_name (child (window, "entry_page"), "document-activated", document);
  iterate ();
  g_assert_cmpstr (visible_page (window, "content_stack"), ==, "document");
  g_assert_cmpstr (charter_window_get_current_id (window), ==, "principle-sovereignty");

  text = document_text (window);
  g_assert_nonnull (strstr (text, "sovereignty"));
  g_assert_true (gtk_widget_is_sensitive (child (window, "back_button")));

  close_window (window);
}

static guint
first_kb_link (CharterDocument *document,
               char           **target)
{
  g_autoptr(CharterRichText) text = charter_document_render (document);

  for (guint i = 0; i < charter_rich_text_get_n_spans (text); i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (text, i);

      if (span->kind == CHARTER_SPAN_LINK && g_str_has_prefix (span->url, "kb:"))
        {
          *target = g_strdup (span->url + 3);
          return span->start;
        }
    }

  g_assert_not_reached ();
}

static void
test_link_back_forward (void)
{
  CharterWindow *window = open_window ();
  CharterKnowledgeBase *kb = charter_window_get_knowledge_base (window);
  CharterDocumentView *view = child (window, "document_view");
  CharterDocument *document;
  g_autofree char *target = NULL;
  guint offset;

  g_assert_true (charter_window_show_entry_by_id (window, "principle-sovereignty"));
  iterate ();
  document = CHARTER_DOCUMENT (charter_knowledge_base_lookup (kb, "principle-sovereignty"));
  offset = first_kb_link (document, &target);

  /* Following a kb: link in the text navigates inside Charter. */
  g_assert_true (charter_document_view_activate_link_at (view, offset));
  iterate ();
  g_assert_cmpstr (charter_window_get_current_id (window), ==, target);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  iterate ();
  g_assert_cmpstr (charter_window_get_current_id (window), ==, "principle-sovereignty");
  g_assert_cmpstr (visible_page (window, "content_stack"), ==, "document");
  g_assert_true (charter_document_view_get_document (view) == document);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.forward", NULL));
  iterate ();
  g_assert_cmpstr (charter_window_get_current_id (window), ==, target);
  g_assert_false (gtk_widget_is_sensitive (child (window, "forward_button")));

  close_window (window);
}

static gboolean
not_loading (gpointer data)
{
  return g_strcmp0 (visible_page (data, "stack"), "loading") != 0;
}

static void
test_invalid_file (void)
{
  CharterWindow *window = open_window ();
  CharterKnowledgeBase *before = charter_window_get_knowledge_base (window);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "invalid",
                                                 "45-duplicate-topic-id.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkListBox *list = child (window, "problems_list");
  GtkListBoxRow *row;

  g_assert_true (charter_window_show_entry_by_id (window, "principle-peace"));
  charter_window_open (window, file);
  wait_until (not_loading, window);

  /* The problems are listed, with where they are… */
  g_assert_cmpstr (visible_page (window, "stack"), ==, "problems");
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "duplicate id “security”; first defined at 15:7");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Line 20, column 7 · /topics/2/id");
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));

  /* …and the knowledge base that was open is still there, where it was. */
  g_assert_true (charter_window_get_knowledge_base (window) == before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-problems", NULL));
  iterate ();
  g_assert_cmpstr (visible_page (window, "stack"), ==, "main");
  g_assert_cmpstr (charter_window_get_current_id (window), ==, "principle-peace");

  close_window (window);
}

static void
test_open_file (void)
{
  CharterWindow *window = open_window ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "full.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  charter_window_open (window, file);
  wait_until (not_loading, window);

  g_assert_cmpstr (visible_page (window, "stack"), ==, "main");
  g_assert_cmpstr (charter_knowledge_base_get_id (charter_window_get_knowledge_base (window)),
                   !=, "cn-cyberspace-strategy-2017");
  /* A new knowledge base starts a new history. */
  g_assert_false (gtk_widget_is_sensitive (child (window, "back_button")));

  close_window (window);
}

static void
test_empty_knowledge_base (void)
{
  CharterWindow *window = open_window ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "minimal.json",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  charter_window_open (window, file);
  wait_until (not_loading, window);

  g_assert_cmpstr (visible_page (window, "stack"), ==, "main");
  g_assert_cmpstr (visible_page (window, "content_stack"), ==, "empty");

  close_window (window);
}

static gboolean
shows_entry (gpointer data)
{
  return not_loading (data) && charter_window_get_current_id (data) != NULL;
}

/* Closing a window remembers the file and the entry; the next start goes
 * back there.
 */
static void
test_restore_place (void)
{
  CharterWindow *window = open_window ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "full.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autofree char *id = NULL;
  GListModel *documents;
  g_autoptr(CharterEntry) last = NULL;

  charter_window_open (window, file);
  wait_until (not_loading, window);
  kb = g_object_ref (charter_window_get_knowledge_base (window));
  documents = charter_knowledge_base_get_documents (kb);
  last = g_list_model_get_item (documents, g_list_model_get_n_items (documents) - 1);
  id = g_strdup (charter_entry_get_id (last));
  g_assert_true (charter_window_show_entry_by_id (window, id));
  gtk_window_close (GTK_WINDOW (window));
  iterate ();

  window = open_window ();
  charter_window_restore_place (window);
  wait_until (shows_entry, window);
  g_assert_cmpstr (charter_knowledge_base_get_id (charter_window_get_knowledge_base (window)), ==,
                   charter_knowledge_base_get_id (kb));
  g_assert_cmpstr (charter_window_get_current_id (window), ==, id);
  g_assert_cmpstr (visible_page (window, "content_stack"), ==, "document");

  close_window (window);
}

/* Dropping a file on the window opens it, as the drop target receives it. */
static void
test_drop (void)
{
  CharterWindow *window = open_window ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "full.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GtkDropTarget *target = NULL;
  g_autoptr(GSList) files = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  wait_until (not_loading, window);
  g_assert_cmpstr (visible_page (window, "stack"), ==, "main");
  g_assert_cmpstr (charter_knowledge_base_get_id (charter_window_get_knowledge_base (window)),
                   !=, "cn-cyberspace-strategy-2017");

  close_window (window);
}

static void
test_unknown_link (void)
{
  CharterWindow *window = open_window ();

  g_assert_true (charter_window_show_entry_by_id (window, "principle-peace"));
  charter_window_follow_link (window, "kb:no-such-entry");
  iterate ();
  /* The reader stays where they were, and is told why. */
  g_assert_cmpstr (charter_window_get_current_id (window), ==, "principle-peace");

  close_window (window);
}

static void
test_accessible (void)
{
  CharterWindow *window = open_window ();

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (child (window, "back_button")),
                                   GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "back_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Back");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "forward_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Forward");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "sidebar_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Show Sidebar");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "menu_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "progress")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Loading progress");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "problems_list")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Problems");

  close_window (window);
}

static void
test_sidebar_toggle (void)
{
  CharterWindow *window = open_window ();
  GtkWidget *sidebar = child (window, "sidebar");
  GtkToggleButton *button = child (window, "sidebar_button");

  g_assert_true (gtk_widget_get_visible (sidebar));
  g_assert_true (gtk_toggle_button_get_active (button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
  g_assert_false (gtk_widget_get_visible (sidebar));
  g_assert_false (gtk_toggle_button_get_active (button));
  gtk_toggle_button_set_active (button, TRUE);
  g_assert_true (gtk_widget_get_visible (sidebar));

  close_window (window);
}

static gboolean
focus_in (CharterWindow *window,
          const char    *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *part = child (window, name);

  return focus != NULL && (focus == part || gtk_widget_is_ancestor (focus, part));
}

static void
test_f6 (void)
{
  CharterWindow *window = open_window ();

  g_assert_true (charter_window_show_entry_by_id (window, "principle-peace"));
  iterate ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.cycle-focus", NULL);
  g_assert_true (focus_in (window, "sidebar"));
  /* The reader sees where the focus went. */
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cycle-focus", NULL);
  g_assert_true (focus_in (window, "content_stack"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cycle-focus", NULL);
  g_assert_true (focus_in (window, "header_bar"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cycle-focus", NULL);
  g_assert_true (focus_in (window, "sidebar"));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/bundled", test_bundled);
  g_test_add_func ("/window/sovereignty", test_sovereignty);
  g_test_add_func ("/window/link-back-forward", test_link_back_forward);
  g_test_add_func ("/window/invalid-file", test_invalid_file);
  g_test_add_func ("/window/open-file", test_open_file);
  g_test_add_func ("/window/unknown-link", test_unknown_link);
  g_test_add_func ("/window/drop", test_drop);
  g_test_add_func ("/window/empty-knowledge-base", test_empty_knowledge_base);
  g_test_add_func ("/window/restore-place", test_restore_place);
  g_test_add_func ("/window/accessible", test_accessible);
  g_test_add_func ("/window/sidebar-toggle", test_sidebar_toggle);
  g_test_add_func ("/window/f6", test_f6);

  return g_test_run ();
}
