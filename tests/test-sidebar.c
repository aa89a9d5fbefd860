/* test-sidebar.c: the sidebar and the entry page, as real widgets in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "charter-entry-page.h"
#include "charter-loader.h"
#include "charter-sidebar.h"

/* No documents under "lonely", and no principles at all. */
static const char lonely_json[] =
  "{\n"
  "  \"charter-format\": 1,\n"
  "  \"id\": \"lonely\",\n"
  "  \"title\": \"Lonely\",\n"
  "  \"language\": \"en\",\n"
  "  \"topics\": [\n"
  "    { \"id\": \"lonely\", \"title\": \"Lonely & unfiled\", \"parent\": null }\n"
  "  ]\n"
  "}\n";

/* Generous: sanitizer builds draw slowly. */
#define WAIT_SECONDS 60

static const char empty_json[] =
  "{ \"charter-format\": 1, \"id\": \"empty\", \"title\": \"Empty\", \"language\": \"en\" }";

typedef struct
{
  CharterKnowledgeBase *kb;
  GtkWidget            *window;
  CharterSidebar       *sidebar;
  CharterEntryPage     *page;
} Fixture;

typedef struct
{
  guint         count;
  CharterEntry *last;
} Emissions;

static CharterKnowledgeBase *
load_bundled (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "cyberspace-strategy.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb;

  kb = charter_loader_load_file (loader, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kb);

  return kb;
}

static CharterKnowledgeBase *
load_string (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb;

  kb = charter_loader_load_bytes (loader, bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kb);

  return kb;
}

static CharterEntry *
lookup (Fixture    *fixture,
        const char *id)
{
  CharterEntry *entry = charter_knowledge_base_lookup (fixture->kb, id);

  g_assert_nonnull (entry);
  return entry;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *label)
{
  g_autofree char *value = NULL;

  value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  return value == NULL;
}

/* The first widget of @type under @root, depth first, with accessible label @label if set. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (label == NULL || has_label (child, label)))
        return child;

      found = find_widget (child, type, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkListView *
find_list (Fixture    *fixture,
           const char *label)
{
  GtkWidget *view = find_widget (GTK_WIDGET (fixture->sidebar), GTK_TYPE_LIST_VIEW, label);

  g_assert_nonnull (view);
  return GTK_LIST_VIEW (view);
}

static GtkSingleSelection *
get_selection (GtkListView *view)
{
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (view));
}

static CharterEntry *
get_entry_at (GtkListView *view,
              guint        position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (get_selection (view)),
                                                         position);
  CharterEntry *entry;

  g_assert_nonnull (row);
  entry = gtk_tree_list_row_get_item (row);
  /* The knowledge base keeps it. */
  g_object_unref (entry);
  return entry;
}

/* Row widgets are the list view's children; their one child is what the factory made. */
static GtkWidget *
get_row_child (GtkListView *view,
               CharterEntry *entry)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);
      GtkTreeExpander *expander;
      g_autoptr(GObject) item = NULL;

      if (!GTK_IS_TREE_EXPANDER (child))
        continue;

      expander = GTK_TREE_EXPANDER (child);
      if (gtk_tree_expander_get_list_row (expander) == NULL)
        continue;

      item = gtk_tree_list_row_get_item (gtk_tree_expander_get_list_row (expander));
      if (item == G_OBJECT (entry))
        return child;
    }

  return NULL;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets GTK lay out and draw for a few frames. */
static void
run_frames (GtkWidget *widget,
            guint      n_frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);
  gint64 start = gdk_frame_clock_get_frame_counter (clock);

  gdk_frame_clock_begin_updating (clock);
  while (!timed_out && gdk_frame_clock_get_frame_counter (clock) < start + n_frames)
    g_main_context_iteration (NULL, TRUE);
  gdk_frame_clock_end_updating (clock);

  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
count_emission_cb (gpointer      object,
                   CharterEntry *entry,
                   Emissions    *emissions)
{
  emissions->count++;
  emissions->last = entry;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
set_up_window (Fixture    *fixture,
               const char *json,
               int         height)
{
  GtkWidget *paned;
  gboolean timed_out = FALSE;
  guint id;

  fixture->kb = json != NULL ? load_string (json) : load_bundled ();
  fixture->sidebar = CHARTER_SIDEBAR (charter_sidebar_new ());
  fixture->page = CHARTER_ENTRY_PAGE (charter_entry_page_new ());
  charter_sidebar_set_knowledge_base (fixture->sidebar, fixture->kb);

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (fixture->sidebar));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (fixture->page));
  gtk_paned_set_position (GTK_PANED (paned), 280);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, height);
  gtk_window_set_child (GTK_WINDOW (fixture->window), paned);
  gtk_window_present (GTK_WINDOW (fixture->window));

  id = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);
  while (!timed_out && !gtk_widget_get_mapped (GTK_WIDGET (fixture->sidebar)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

  run_frames (fixture->window, 2);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  set_up_window (fixture, data, 700);
}

/* Too short for all the rows. */
static void
fixture_set_up_short (Fixture       *fixture,
                      gconstpointer  data)
{
  set_up_window (fixture, data, 240);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  CharterSidebar *sidebar = fixture->sidebar;
  CharterEntryPage *page = fixture->page;
  CharterKnowledgeBase *kb = fixture->kb;

  g_object_add_weak_pointer (G_OBJECT (sidebar), (gpointer *) &sidebar);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  g_object_add_weak_pointer (G_OBJECT (kb), (gpointer *) &kb);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_null (sidebar);
  g_assert_null (page);

  /* Nothing else holds the knowledge base once the widgets are gone. */
  g_object_unref (fixture->kb);
  g_assert_null (kb);
}

static void
test_sidebar_sections (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkListView *topics = find_list (fixture, "Topics");
  GtkListView *principles = find_list (fixture, "Principles");
  GListModel *roots = charter_knowledge_base_get_root_topics (fixture->kb);
  GListModel *all_principles = charter_knowledge_base_get_principles (fixture->kb);
  guint n_roots = g_list_model_get_n_items (roots);

  g_assert_cmpuint (n_roots, ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (topics))), ==, n_roots);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (principles))), ==, 4);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (topics)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (principles)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (topics), "navigation-sidebar"));

  /* Collapsed, in the knowledge base's order, nothing selected. */
  for (guint i = 0; i < n_roots; i++)
    {
      g_autoptr(CharterEntry) root = g_list_model_get_item (roots, i);

      g_assert_true (get_entry_at (topics, i) == root);
    }
  g_assert_null (charter_sidebar_get_selected_entry (fixture->sidebar));

  /* Rows read as their titles, with their document counts as descriptions. */
  for (guint i = 0; i < n_roots; i++)
    {
      CharterEntry *entry = get_entry_at (topics, i);
      GtkWidget *child = get_row_child (topics, entry);
      guint n = g_list_model_get_n_items (charter_topic_get_documents (CHARTER_TOPIC (entry)));
      g_autofree char *description = g_strdup_printf (n == 1 ? "%u document" : "%u documents", n);

      g_assert_nonnull (child);
      gtk_test_accessible_assert_property (child, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           charter_entry_get_title (entry));
      gtk_test_accessible_assert_property (child, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                           description);
    }

  for (guint i = 0; i < g_list_model_get_n_items (all_principles); i++)
    {
      g_autoptr(CharterEntry) entry = g_list_model_get_item (all_principles, i);
      GtkWidget *child = get_row_child (principles, entry);

      g_assert_true (get_entry_at (principles, i) == entry);
      g_assert_nonnull (child);
      gtk_test_accessible_assert_property (child, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           charter_entry_get_title (entry));
    }

  {
    CharterEntry *sovereignty = lookup (fixture, "sovereignty");
    GListModel *documents = charter_principle_get_documents (CHARTER_PRINCIPLE (sovereignty));
    GtkWidget *child = get_row_child (principles, sovereignty);
    guint n = g_list_model_get_n_items (documents);
    g_autofree char *description = g_strdup_printf ("%u documents", n);

    g_assert_cmpuint (n, >, 1);
    gtk_test_accessible_assert_property (child, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  }

  /* Neither section is empty. */
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (topics)));
       w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w) && (g_str_equal (gtk_label_get_label (GTK_LABEL (w)), "No topics") ||
                               g_str_equal (gtk_label_get_label (GTK_LABEL (w)), "No principles")))
        g_assert_false (gtk_widget_get_visible (w));
    }
}

static GtkWidget *
find_visible_label (GtkWidget  *root,
                    const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_is_visible (child) &&
          g_str_equal (gtk_label_get_label (GTK_LABEL (child)), text))
        return child;

      found = find_visible_label (child, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_sidebar_empty (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkListView *topics = find_list (fixture, "Topics");
  GtkListView *principles = find_list (fixture, "Principles");
  GtkWidget *sidebar = GTK_WIDGET (fixture->sidebar);
  gboolean has_topics = data == lonely_json;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (principles))), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (principles)));
  g_assert_nonnull (find_visible_label (sidebar, "No principles"));

  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (topics)), ==, has_topics);
  g_assert_cmpint (find_visible_label (sidebar, "No topics") != NULL, ==, !has_topics);

  /* The headings stay. */
  gtk_test_accessible_assert_role (find_visible_label (sidebar, "Topics"),
                                   GTK_ACCESSIBLE_ROLE_HEADING);
  gtk_test_accessible_assert_role (find_visible_label (sidebar, "Principles"),
                                   GTK_ACCESSIBLE_ROLE_HEADING);
}

static void
test_sidebar_select_entry (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkListView *topics = find_list (fixture, "Topics");
  GtkListView *principles = find_list (fixture, "Principles");
  CharterEntry *privacy = lookup (fixture, "privacy");
  CharterEntry *security = lookup (fixture, "security");
  CharterEntry *peace = lookup (fixture, "peace");
  GListModel *rows = G_LIST_MODEL (get_selection (topics));
  Emissions emissions = { 0, };
  guint n_roots = g_list_model_get_n_items (rows);
  guint position;
  g_autoptr(GtkTreeListRow) security_row = NULL;

  g_signal_connect (fixture->sidebar, "entry-activated", G_CALLBACK (count_emission_cb),
                    &emissions);

  g_assert_true (CHARTER_IS_TOPIC (privacy));
  g_assert_true (charter_topic_get_parent (CHARTER_TOPIC (privacy)) == CHARTER_TOPIC (security));

  charter_sidebar_select_entry (fixture->sidebar, privacy);
  g_assert_true (charter_sidebar_get_selected_entry (fixture->sidebar) == privacy);
  g_assert_cmpuint (emissions.count, ==, 0);

  /* "security" was expanded to show its two subtopics. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_roots + 2);
  position = gtk_single_selection_get_selected (get_selection (topics));
  g_assert_true (get_entry_at (topics, position) == privacy);
  security_row = g_list_model_get_item (rows, position - 2);
  g_assert_true (get_entry_at (topics, position - 2) == security);
  g_assert_true (gtk_tree_list_row_get_expanded (security_row));
  g_assert_cmpuint (gtk_tree_list_row_get_depth (security_row), ==, 0);

  /* Its row is there, and reads as its title. */
  run_frames (fixture->window, 3);
  gtk_test_accessible_assert_property (get_row_child (topics, privacy),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Privacy and data protection");

  /* One selection across both sections. */
  charter_sidebar_select_entry (fixture->sidebar, peace);
  g_assert_true (charter_sidebar_get_selected_entry (fixture->sidebar) == peace);
  g_assert_cmpuint (gtk_single_selection_get_selected (get_selection (topics)), ==,
                    GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_single_selection_get_selected_item (get_selection (principles)) != NULL);
  g_assert_cmpuint (emissions.count, ==, 0);

  /* A document is in neither section. */
  charter_sidebar_select_entry (fixture->sidebar, lookup (fixture, "principle-peace"));
  g_assert_null (charter_sidebar_get_selected_entry (fixture->sidebar));

  charter_sidebar_select_entry (fixture->sidebar, security);
  g_assert_true (charter_sidebar_get_selected_entry (fixture->sidebar) == security);

  charter_sidebar_select_entry (fixture->sidebar, NULL);
  g_assert_null (charter_sidebar_get_selected_entry (fixture->sidebar));
  g_assert_cmpuint (emissions.count, ==, 0);

  run_frames (fixture->window, 3);
  g_assert_cmpuint (emissions.count, ==, 0);
}

static void
assert_row_shown (Fixture      *fixture,
                  GtkListView  *view,
                  CharterEntry *entry)
{
  GtkWidget *scrolled_window = find_widget (GTK_WIDGET (fixture->sidebar),
                                            GTK_TYPE_SCROLLED_WINDOW, NULL);
  GtkWidget *child = get_row_child (view, entry);
  graphene_rect_t bounds;

  g_assert_nonnull (child);
  g_assert_true (gtk_widget_compute_bounds (child, scrolled_window, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (scrolled_window));
}

static void
test_sidebar_select_entry_scrolls (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkListView *topics = find_list (fixture, "Topics");
  GtkListView *principles = find_list (fixture, "Principles");
  CharterEntry *last = get_entry_at (principles, 3);
  CharterEntry *first = get_entry_at (topics, 0);
  CharterEntry *un_processes = lookup (fixture, "un-processes");

  charter_sidebar_select_entry (fixture->sidebar, last);
  run_frames (fixture->window, 30);
  assert_row_shown (fixture, principles, last);

  charter_sidebar_select_entry (fixture->sidebar, first);
  run_frames (fixture->window, 30);
  assert_row_shown (fixture, topics, first);

  /* Below its parent, which is expanded first. */
  charter_sidebar_select_entry (fixture->sidebar, un_processes);
  run_frames (fixture->window, 30);
  assert_row_shown (fixture, topics, un_processes);
  g_assert_true (charter_sidebar_get_selected_entry (fixture->sidebar) == un_processes);
}

static GtkEventController *
find_key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }

  g_assert_not_reached ();
}

static gboolean
press_key (GtkWidget *view,
           guint      keyval)
{
  GtkEventController *controller = find_key_controller (view);
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

static void
test_sidebar_activation (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkListView *topics = find_list (fixture, "Topics");
  GtkListView *principles = find_list (fixture, "Principles");
  GtkSingleSelection *selection = get_selection (principles);
  guint n_topics = g_list_model_get_n_items (G_LIST_MODEL (get_selection (topics)));
  Emissions emissions = { 0, };
  GtkWidget *row;

  g_signal_connect (fixture->sidebar, "entry-activated", G_CALLBACK (count_emission_cb),
                    &emissions);

  /* Selecting, as the arrow keys or a click do, emits once. */
  charter_sidebar_select_entry (fixture->sidebar, lookup (fixture, "security"));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 1, TRUE);
  g_assert_cmpuint (emissions.count, ==, 1);
  g_assert_true (emissions.last == get_entry_at (principles, 1));
  g_assert_true (charter_sidebar_get_selected_entry (fixture->sidebar) == emissions.last);
  g_assert_cmpuint (gtk_single_selection_get_selected (get_selection (topics)), ==,
                    GTK_INVALID_LIST_POSITION);

  /* So does the list's own action behind a click. */
  gtk_widget_activate_action (GTK_WIDGET (principles), "list.select-item", "(ubb)",
                              2, FALSE, FALSE);
  g_assert_cmpuint (emissions.count, ==, 2);
  g_assert_true (emissions.last == get_entry_at (principles, 2));

  /* Enter on the selected row shows it again. */
  g_signal_emit_by_name (principles, "activate", 2);
  g_assert_cmpuint (emissions.count, ==, 3);
  g_assert_true (emissions.last == get_entry_at (principles, 2));

  /* Enter on a row that only has the focus selects it, and emits once. */
  g_signal_emit_by_name (principles, "activate", 3);
  g_assert_cmpuint (emissions.count, ==, 4);
  g_assert_true (emissions.last == get_entry_at (principles, 3));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 3);

  /* Down on the last topic goes on to the first principle, selecting it. */
  row = gtk_widget_get_parent (get_row_child (topics, get_entry_at (topics, n_topics - 1)));
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_true (press_key (GTK_WIDGET (topics), GDK_KEY_Down));
  g_assert_cmpuint (emissions.count, ==, 5);
  g_assert_true (emissions.last == get_entry_at (principles, 0));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         GTK_WIDGET (principles)));

  /* Up on the first principle goes back to the last topic. */
  g_assert_true (press_key (GTK_WIDGET (principles), GDK_KEY_Up));
  g_assert_cmpuint (emissions.count, ==, 6);
  g_assert_true (emissions.last == get_entry_at (topics, n_topics - 1));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         GTK_WIDGET (topics)));

  /* Elsewhere GTK moves the cursor itself. */
  g_assert_false (press_key (GTK_WIDGET (topics), GDK_KEY_Up));
  g_assert_cmpuint (emissions.count, ==, 6);

  /* Right expands a topic with subtopics, Left collapses it. */
  charter_sidebar_select_entry (fixture->sidebar, lookup (fixture, "governance"));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->sidebar)));
  g_assert_true (press_key (GTK_WIDGET (topics), GDK_KEY_Right));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (topics))), ==,
                    n_topics + 2);
  g_assert_true (press_key (GTK_WIDGET (topics), GDK_KEY_Left));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (topics))), ==,
                    n_topics);
  g_assert_cmpuint (emissions.count, ==, 6);
}

static void
test_sidebar_notify (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CharterKnowledgeBase) other = load_string (empty_json);
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  guint count = 0;

  g_signal_connect (fixture->sidebar, "notify::knowledge-base", G_CALLBACK (count_notify_cb),
                    &count);

  charter_sidebar_set_knowledge_base (fixture->sidebar, fixture->kb);
  g_assert_cmpuint (count, ==, 0);

  charter_sidebar_set_knowledge_base (fixture->sidebar, other);
  g_assert_cmpuint (count, ==, 1);
  g_object_get (fixture->sidebar, "knowledge-base", &kb, NULL);
  g_assert_true (kb == other);

  g_object_set (fixture->sidebar, "knowledge-base", other, NULL);
  g_assert_cmpuint (count, ==, 1);

  charter_sidebar_set_knowledge_base (fixture->sidebar, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_null (charter_sidebar_get_knowledge_base (fixture->sidebar));

  charter_sidebar_set_knowledge_base (fixture->sidebar, NULL);
  g_assert_cmpuint (count, ==, 2);

  charter_sidebar_set_knowledge_base (fixture->sidebar, fixture->kb);
  g_assert_cmpuint (count, ==, 3);
}

static GtkListBoxRow *
find_document_row (GtkListBox *list,
                   const char *title)
{
  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (row == NULL)
        return NULL;
      if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
        return row;
    }
}

static GtkWidget *
find_icon (GtkWidget  *root,
           const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_IMAGE (child) &&
          g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), icon_name) == 0)
        return child;

      found = find_icon (child, icon_name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
count_document_cb (CharterEntryPage *page,
                   CharterDocument  *document,
                   Emissions        *emissions)
{
  emissions->count++;
  emissions->last = CHARTER_ENTRY (document);
}

static void
test_entry_page_principle (Fixture       *fixture,
                           gconstpointer  data)
{
  CharterEntry *sovereignty = lookup (fixture, "sovereignty");
  CharterEntry *document = lookup (fixture, "principle-sovereignty");
  GListModel *documents = charter_principle_get_documents (CHARTER_PRINCIPLE (sovereignty));
  GListModel *topics = charter_principle_get_topics (CHARTER_PRINCIPLE (sovereignty));
  GtkWidget *page = GTK_WIDGET (fixture->page);
  Emissions opened = { 0, };
  Emissions followed = { 0, };
  GtkWidget *list;
  GtkWidget *links;
  GtkWidget *button;
  GtkWidget *arrow;
  GtkListBoxRow *row;
  guint n_rows = 0;

  g_signal_connect (page, "document-activated", G_CALLBACK (count_document_cb), &opened);
  g_signal_connect (page, "entry-activated", G_CALLBACK (count_emission_cb), &followed);

  charter_entry_page_set_entry (fixture->page, sovereignty);
  g_assert_true (charter_entry_page_get_entry (fixture->page) == sovereignty);
  run_frames (fixture->window, 2);

  g_assert_nonnull (find_visible_label (page, "Sovereignty"));
  g_assert_nonnull (find_visible_label (page, "Principle"));
  g_assert_nonnull (find_visible_label (page, charter_entry_get_summary (sovereignty)));

  list = find_widget (page, GTK_TYPE_LIST_BOX, "Documents");
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_true (gtk_widget_has_css_class (list, "boxed-list"));
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, g_list_model_get_n_items (documents));
  g_assert_cmpuint (n_rows, >, 1);

  row = find_document_row (GTK_LIST_BOX (list), charter_entry_get_title (document));
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (row));
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       charter_entry_get_title (document));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "1 March 2017\n"));
  /* The arrow has nothing to read out. */
  arrow = find_icon (GTK_WIDGET (row), "go-next-symbolic");
  g_assert_nonnull (arrow);
  gtk_test_accessible_assert_role (arrow, GTK_ACCESSIBLE_ROLE_PRESENTATION);

  g_signal_emit_by_name (row, "activate");
  g_assert_cmpuint (opened.count, ==, 1);
  g_assert_true (opened.last == document);

  /* The topics it bears on are links. */
  g_assert_false (gtk_widget_get_mapped (find_widget (page, GTK_TYPE_FLOW_BOX, "Subtopics")));
  links = find_widget (page, GTK_TYPE_FLOW_BOX, "Topics");
  g_assert_nonnull (links);
  g_assert_true (gtk_widget_get_mapped (links));
  button = find_widget (links, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (button);
  {
    g_autoptr(CharterEntry) first = g_list_model_get_item (topics, 0);

    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                     charter_entry_get_title (first));
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpuint (followed.count, ==, 1);
    g_assert_true (followed.last == first);
  }
  g_assert_cmpuint (opened.count, ==, 1);

  /* A topic links to its parent, its subtopics and its principles. */
  charter_entry_page_set_entry (fixture->page, lookup (fixture, "security"));
  run_frames (fixture->window, 2);
  g_assert_nonnull (find_visible_label (page, "Topic"));
  g_assert_true (gtk_widget_get_mapped (find_widget (page, GTK_TYPE_FLOW_BOX, "Subtopics")));
  g_assert_true (gtk_widget_get_mapped (find_widget (page, GTK_TYPE_FLOW_BOX, "Principles")));
  g_assert_false (gtk_widget_get_mapped (find_widget (page, GTK_TYPE_FLOW_BOX, "Topics")));
  g_assert_false (gtk_widget_get_mapped (find_widget (page, GTK_TYPE_FLOW_BOX,
                                                      "Broader Topic")));

  charter_entry_page_set_entry (fixture->page, lookup (fixture, "privacy"));
  run_frames (fixture->window, 2);
  links = find_widget (page, GTK_TYPE_FLOW_BOX, "Broader Topic");
  g_assert_true (gtk_widget_get_mapped (links));
  button = find_widget (links, GTK_TYPE_BUTTON, NULL);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Cyber security");

  charter_entry_page_set_entry (fixture->page, NULL);
  run_frames (fixture->window, 2);
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_null (find_visible_label (page, "Privacy and data protection"));
}

static void
test_entry_page_empty (Fixture       *fixture,
                       gconstpointer  data)
{
  CharterEntry *lonely = lookup (fixture, "lonely");
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GListModel *documents;
  GtkWidget *status;
  GtkWidget *list;

  g_assert_true (CHARTER_IS_TOPIC (lonely));
  documents = charter_topic_get_documents (CHARTER_TOPIC (lonely));
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 0);

  charter_entry_page_set_entry (fixture->page, lonely);
  run_frames (fixture->window, 2);

  status = find_widget (page, ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Documents");
  /* The title is Pango markup there, so escaped. */
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), ==,
                   "Nothing in this knowledge base is filed under “Lonely &amp; unfiled” yet.");

  list = find_widget (page, GTK_TYPE_LIST_BOX, "Documents");
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
}

static void
test_entry_page_notify (Fixture       *fixture,
                        gconstpointer  data)
{
  CharterEntry *peace = lookup (fixture, "peace");
  CharterEntry *governance = lookup (fixture, "governance");
  g_autoptr(CharterEntry) entry = NULL;
  guint count = 0;

  g_signal_connect (fixture->page, "notify::entry", G_CALLBACK (count_notify_cb), &count);

  charter_entry_page_set_entry (fixture->page, NULL);
  g_assert_cmpuint (count, ==, 0);

  charter_entry_page_set_entry (fixture->page, peace);
  g_assert_cmpuint (count, ==, 1);
  charter_entry_page_set_entry (fixture->page, peace);
  g_assert_cmpuint (count, ==, 1);

  g_object_set (fixture->page, "entry", governance, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_object_get (fixture->page, "entry", &entry, NULL);
  g_assert_true (entry == governance);
  g_object_set (fixture->page, "entry", governance, NULL);
  g_assert_cmpuint (count, ==, 2);

  charter_entry_page_set_entry (fixture->page, NULL);
  g_assert_cmpuint (count, ==, 3);
  g_assert_null (charter_entry_page_get_entry (fixture->page));
}

int
main (int   argc,
      char *argv[])
{
  /* Cairo, not GL: Xvfb has no GPU, and Mesa's software GL compiles shaders with LLVM,
   * whose unwind tables deadlock with AddressSanitizer's slow unwinder.
   */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/sidebar/sections", NULL, test_sidebar_sections);
  ADD ("/sidebar/empty/no-principles", lonely_json, test_sidebar_empty);
  ADD ("/sidebar/empty/nothing", empty_json, test_sidebar_empty);
  ADD ("/sidebar/select-entry", NULL, test_sidebar_select_entry);
  g_test_add ("/sidebar/select-entry/scrolls", Fixture, NULL,
              fixture_set_up_short, test_sidebar_select_entry_scrolls, fixture_tear_down);
  ADD ("/sidebar/activation", NULL, test_sidebar_activation);
  ADD ("/sidebar/notify", NULL, test_sidebar_notify);
  ADD ("/entry-page/principle", NULL, test_entry_page_principle);
  ADD ("/entry-page/empty", lonely_json, test_entry_page_empty);
  ADD ("/entry-page/notify", NULL, test_entry_page_notify);

#undef ADD

  return g_test_run ();
}
