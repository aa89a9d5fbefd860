/* test-search-page.c: searching from the window as a reader does, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "charter-document-view.h"
#include "charter-search-page.h"
#include "charter-window.h"

#include "charter-ui-test.h"

static gpointer
page_child (CharterSearchPage *page,
            const char        *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), CHARTER_TYPE_SEARCH_PAGE,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

static const char *
content_page (CharterWindow *window)
{
  return gtk_stack_get_visible_child_name (child (window, "content_stack"));
}

static gboolean
index_ready (gpointer data)
{
  CharterSearchPage *page = data;

  return charter_search_page_get_index (page) != NULL &&
         charter_search_index_get_ready (charter_search_page_get_index (page));
}

static void
count_results_cb (CharterSearchPage *page,
                  GParamSpec        *pspec,
                  guint             *n_searches)
{
  if (charter_search_page_get_results (page) != NULL)
    (*n_searches)++;
}

typedef struct
{
  guint n_searches;
  guint before;
} Searches;

static gboolean
searched (gpointer data)
{
  Searches *searches = data;

  return searches->n_searches > searches->before;
}

static CharterWindow *
open_window (CharterSearchPage **page)
{
  CharterWindow *window = g_object_new (CHARTER_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  *page = child (window, "search_page");
  wait_until (index_ready, *page);

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

/* Types @text and waits for the entry's delay to run the search. Searches
 * are counted, not results compared: new results may take the old ones'
 * address. (Replacing the text empties the entry first, which clears the
 * results at once: that is not a search.)
 */
static CharterSearchResults *
type (CharterSearchPage *page,
      const char        *text)
{
  Searches searches = { 0, 0 };
  gulong handler = g_signal_connect (page, "notify::results", G_CALLBACK (count_results_cb),
                                     &searches.n_searches);

  charter_search_page_set_text (page, text);
  wait_until (searched, &searches);
  g_signal_handler_disconnect (page, handler);
  return charter_search_page_get_results (page);
}

static const char *
result_id (CharterSearchResults *results,
           guint                 position)
{
  g_autoptr(CharterSearchResult) result = g_list_model_get_item (G_LIST_MODEL (results),
                                                                 position);

  return charter_entry_get_id (CHARTER_ENTRY (charter_search_result_get_document (result)));
}

static char *
buffer_slice (CharterDocumentView *view,
              guint                start,
              guint                end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (charter_document_view_get_text_view (view));
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int) end);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

static void
test_type_enter_highlight (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);
  CharterDocumentView *view = child (window, "document_view");
  GtkLabel *count = page_child (page, "count_label");
  CharterSearchResults *results;
  guint start, end;

  /* Ctrl+K: the search page, its entry focused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "search");
  g_assert_true (gtk_toggle_button_get_active (child (window, "search_button")));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (page_child (page, "entry"))));

  /* Type: results appear, ranked, counted. */
  results = type (page, "sovereignty");
  g_assert_cmpuint (charter_search_results_get_total (results), >, 5);
  g_assert_cmpstr (result_id (results, 0), ==, "principle-sovereignty");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "results");
  {
    g_autofree char *expected = g_strdup_printf ("%u results",
                                                 charter_search_results_get_total (results));

    g_assert_cmpstr (gtk_label_get_label (count), ==, expected);
  }

  /* Enter: the first result opens, every hit highlighted, the first in view. */
  g_signal_emit_by_name (page_child (page, "entry"), "activate");
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "document");
  g_assert_false (gtk_toggle_button_get_active (child (window, "search_button")));
  g_assert_cmpstr (charter_entry_get_id (CHARTER_ENTRY (charter_document_view_get_document (view))),
                   ==, "principle-sovereignty");
  g_assert_cmpuint (charter_document_view_get_n_hits (view), >, 1);
  for (guint i = 0; i < charter_document_view_get_n_hits (view); i++)
    {
      g_autofree char *word = NULL;
      g_autofree char *folded = NULL;

      g_assert_true (charter_document_view_get_hit (view, i, &start, &end));
      word = buffer_slice (view, start, end);
      folded = g_utf8_casefold (word, -1);
      /* The words typed, as the buffer shows them: offsets agree. */
      g_assert_true (g_str_has_prefix (folded, "sovereignty"));
    }
  g_assert_true (charter_document_view_get_hit (view, 0, &start, &end));
  {
    GtkTextBuffer *buffer =
      gtk_text_view_get_buffer (charter_document_view_get_text_view (view));
    GtkTextIter cursor;

    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, (int) start);
  }

  close_window (window);
}

static void
test_keyboard (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);
  CharterDocumentView *view = child (window, "document_view");
  GtkWidget *entry = GTK_WIDGET (page_child (page, "entry"));
  g_autoptr(CharterSearchResults) results = NULL;

  /* The reader was reading Peace. */
  charter_window_show_entry_by_id (window, "peace");
  iterate ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();
  results = g_object_ref (type (page, "sovereignty"));
  g_assert_cmpint (charter_search_page_get_selected (page), ==, 0);

  /* Down twice and Up once, from the entry, then Enter: the second result. */
  g_assert_true (press (entry, GDK_KEY_Down));
  g_assert_true (press (entry, GDK_KEY_Down));
  g_assert_true (press (entry, GDK_KEY_Up));
  g_assert_cmpint (charter_search_page_get_selected (page), ==, 1);
  /* Up at the top stays at the top; other keys are the entry's. */
  g_assert_true (press (entry, GDK_KEY_Up));
  g_assert_true (press (entry, GDK_KEY_Up));
  g_assert_cmpint (charter_search_page_get_selected (page), ==, 0);
  g_assert_true (press (entry, GDK_KEY_Down));
  g_assert_false (press (entry, GDK_KEY_a));

  g_signal_emit_by_name (entry, "activate");
  iterate ();
  g_assert_cmpstr (charter_entry_get_id (CHARTER_ENTRY (charter_document_view_get_document (view))),
                   ==, result_id (results, 1));

  /* Back: where the reader was before searching. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  iterate ();
  g_assert_cmpstr (charter_window_get_current_id (window), ==, "peace");

  close_window (window);
}

static void
test_escape (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);

  /* The reader is on a page… */
  charter_window_show_entry_by_id (window, "peace");
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "entry");

  /* …searches, then changes their mind: Escape goes back there. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();
  type (page, "peace");
  g_assert_cmpstr (content_page (window), ==, "search");
  g_signal_emit_by_name (page_child (page, "entry"), "stop-search");
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "entry");
  g_assert_cmpstr (charter_window_get_current_id (window), ==, "peace");
  g_assert_false (gtk_toggle_button_get_active (child (window, "search_button")));

  /* The header button opens and closes it the same way. */
  gtk_toggle_button_set_active (child (window, "search_button"), TRUE);
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "search");
  gtk_toggle_button_set_active (child (window, "search_button"), FALSE);
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "entry");

  close_window (window);
}

static gboolean
has_rows (gpointer data)
{
  GtkWidget *view = data;

  return gtk_widget_get_first_child (view) != NULL &&
         gtk_widget_get_width (gtk_widget_get_first_child (view)) > 0;
}

/* A click opens the row under it. The pointer never selects a row by merely
 * resting on it: that would undo what Up and Down chose.
 */
static void
test_click (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);
  CharterDocumentView *view = child (window, "document_view");
  GtkWidget *results_view = page_child (page, "results_view");
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(CharterSearchResults) results = NULL;
  GtkGesture *click = NULL;
  GtkWidget *row;
  GtkWidget *title_label;
  graphene_rect_t bounds;
  g_autofree char *title = NULL;
  CharterDocument *document;

  g_assert_false (gtk_list_view_get_single_click_activate (GTK_LIST_VIEW (results_view)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();
  results = g_object_ref (type (page, "sovereignty"));
  wait_until (has_rows, results_view);

  /* The third row on screen, whichever result it shows. */
  row = gtk_widget_get_first_child (results_view);
  for (guint i = 0; i < 2 && row != NULL; i++)
    row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_bounds (row, results_view, &bounds));
  /* Rows are recycled in any order: the title it shows says which it is. */
  title_label = gtk_widget_get_first_child (gtk_widget_get_first_child (row));
  title = g_strdup (gtk_label_get_text (GTK_LABEL (title_label)));
  g_assert_cmpstr (title, !=, "");

  controllers = gtk_widget_observe_controllers (results_view);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        click = GTK_GESTURE (controller);
    }
  g_assert_nonnull (click);

  g_signal_emit_by_name (click, "released", 1,
                         (double) bounds.origin.x + bounds.size.width / 2,
                         (double) bounds.origin.y + bounds.size.height / 2);
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "document");
  document = charter_document_view_get_document (view);
  g_assert_cmpstr (charter_entry_get_title (CHARTER_ENTRY (document)), ==, title);
  g_assert_cmpuint (charter_document_view_get_n_hits (view), >, 0);

  close_window (window);
}

/* Escape leaves from the results and the filters too, not only from the entry. */
static void
test_escape_from_results (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);
  GtkWidget *results_view = page_child (page, "results_view");
  GtkWidget *focus;

  charter_window_show_entry_by_id (window, "peace");
  iterate ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();
  type (page, "sovereignty");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "results");

  iterate ();
  g_assert_true (gtk_widget_grab_focus (results_view));
  iterate ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == results_view || gtk_widget_is_ancestor (focus, results_view));
  /* The action Escape is bound to, as a key press on a result reaches it. */
  g_assert_true (gtk_widget_activate_action (focus, "search.stop", NULL));
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "entry");
  g_assert_cmpstr (charter_window_get_current_id (window), ==, "peace");
  g_assert_false (gtk_toggle_button_get_active (child (window, "search_button")));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();
  g_assert_true (gtk_widget_activate_action (page_child (page, "topic_filter"), "search.stop",
                                             NULL));
  iterate ();
  g_assert_cmpstr (content_page (window), ==, "entry");

  close_window (window);
}

static gboolean
not_loading (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (child (data, "stack")), "loading") != 0;
}

/* A file that failed to open leaves nothing to search: the header button
 * must not stay pressed over the list of problems.
 */
static void
test_not_over_problems (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "invalid",
                                                 "01-trailing-comma.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkToggleButton *button = child (window, "search_button");

  charter_window_open (window, file);
  wait_until (not_loading, window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "stack")), ==, "problems");

  gtk_toggle_button_set_active (button, TRUE);
  iterate ();
  g_assert_false (gtk_toggle_button_get_active (button));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();
  g_assert_false (gtk_toggle_button_get_active (button));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "stack")), ==, "problems");
  g_assert_cmpstr (content_page (window), !=, "search");

  close_window (window);
}

static void
test_hostile_and_chinese (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);
  const char *hostile[] = { "\"unbalanced", "NEAR(", "😀", "'; DROP TABLE docs; --", "*", "-",
                            "OR", "\"\"" };
  CharterSearchResults *results;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const char *shown;

      results = type (page, hostile[i]);
      shown = gtk_stack_get_visible_child_name (page_child (page, "stack"));
      g_test_message ("query: %s → %s", hostile[i], shown);
      /* Results or "No results", never an error. */
      g_assert_true (g_str_equal (shown, "none") || g_str_equal (shown, "results"));
      g_assert_true (g_str_equal (shown, "none") ==
                     (charter_search_results_get_total (results) == 0));
    }

  results = type (page, "主权");
  g_assert_cmpuint (charter_search_results_get_total (results), >=, 1);
  g_assert_cmpstr (result_id (results, 0), ==, "glossary");

  close_window (window);
}

static void
test_filters (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);
  GtkDropDown *topics = NULL;
  GtkDropDown *principles = NULL;
  CharterSearchResults *all;
  CharterSearchResults *filtered;
  guint total;
  GListModel *strings;
  guint security = GTK_INVALID_LIST_POSITION;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  iterate ();
  all = type (page, "sovereignty");
  total = charter_search_results_get_total (all);

  topics = page_child (page, "topic_filter");
  principles = page_child (page, "principle_filter");
  strings = gtk_drop_down_get_model (topics);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (strings), 0), ==, "All topics");
  for (guint i = 0; i < g_list_model_get_n_items (strings); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (strings), i), "Cyber security"))
      security = i;
  g_assert_cmpuint (security, !=, GTK_INVALID_LIST_POSITION);

  gtk_drop_down_set_selected (topics, security);
  filtered = charter_search_page_get_results (page);
  g_assert_cmpuint (charter_search_results_get_total (filtered), >, 0);
  g_assert_cmpuint (charter_search_results_get_total (filtered), <, total);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filtered)); i++)
    {
      g_autoptr(CharterSearchResult) result = g_list_model_get_item (G_LIST_MODEL (filtered), i);
      GListModel *doc_topics =
        charter_document_get_topics (charter_search_result_get_document (result));
      gboolean inside = FALSE;

      for (guint k = 0; k < g_list_model_get_n_items (doc_topics); k++)
        {
          g_autoptr(CharterTopic) topic = g_list_model_get_item (doc_topics, k);

          for (CharterTopic *t = topic; t != NULL; t = charter_topic_get_parent (t))
            inside |= g_str_equal (charter_entry_get_id (CHARTER_ENTRY (t)), "security");
        }
      g_assert_true (inside);
    }

  gtk_drop_down_set_selected (topics, 0);
  g_assert_cmpuint (charter_search_results_get_total (charter_search_page_get_results (page)),
                    ==, total);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (
                     principles)), 0), ==, "All principles");

  close_window (window);
}

static void
test_accessible (void)
{
  CharterSearchPage *page;
  CharterWindow *window = open_window (&page);

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "search_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Search");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page_child (page, "entry")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Search documents");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page_child (page, "topic_filter")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Topic filter");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page_child (page, "principle_filter")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Principle filter");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page_child (page, "results_view")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Search results");

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/search-page/type-enter-highlight", test_type_enter_highlight);
  g_test_add_func ("/search-page/keyboard", test_keyboard);
  g_test_add_func ("/search-page/escape", test_escape);
  g_test_add_func ("/search-page/click", test_click);
  g_test_add_func ("/search-page/escape-from-results", test_escape_from_results);
  g_test_add_func ("/search-page/not-over-problems", test_not_over_problems);
  g_test_add_func ("/search-page/hostile-and-chinese", test_hostile_and_chinese);
  g_test_add_func ("/search-page/filters", test_filters);
  g_test_add_func ("/search-page/accessible", test_accessible);

  return g_test_run ();
}
