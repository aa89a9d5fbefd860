/* charter-search-page.c: search as you type, ranked results with snippets
 *
 * The page asks its CharterSearchIndex as the reader types (the entry's
 * own short delay in between), lists the ranked documents with where they
 * sit and a snippet, the matched words in bold, and hands the chosen one
 * to the window. Up and Down move through the results from the entry;
 * Enter opens; Escape leaves (the window goes back to where the reader
 * was). While the index is being built the query waits and a progress bar
 * says how far it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-search-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "charter-search-page.h"

struct _CharterSearchPage
{
  GtkWidget             parent_instance;

  GtkWidget            *box;
  GtkSearchEntry       *entry;
  GtkDropDown          *topic_filter;
  GtkDropDown          *principle_filter;
  GtkLabel             *count_label;
  GtkStack             *stack;
  GtkProgressBar       *progress;
  GtkListView          *results_view;

  CharterSearchIndex   *index;
  CharterSearchResults *results;
  GtkSingleSelection   *selection;
  /* Ids behind the filters' rows; row 0, "All", is NULL. */
  GPtrArray            *topic_ids;
  GPtrArray            *principle_ids;
  /* Rebuilds a damaged index; cancelled with another index or the page. */
  GCancellable         *cancellable;
  /* A query waits for the index to be ready. */
  gboolean              pending;
  /* What the results shown were found for. */
  char                 *searched;
};

enum {
  PROP_0,
  PROP_RESULTS,
  N_PROPS
};

enum {
  SIGNAL_RESULT_ACTIVATED,
  SIGNAL_STOP,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CharterSearchPage, charter_search_page, GTK_TYPE_WIDGET)

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

/* Pango markup of @text with @hits (character ranges) in bold. Hits out of
 * order, overlapping or past the end are skipped: a bad range must never
 * make the pointer arithmetic read past the text.
 */
static char *
markup_with_hits (const char   *text,
                  const GArray *hits)
{
  GString *markup = g_string_new (NULL);
  const char *p = text;
  guint offset = 0;
  guint length = g_utf8_strlen (text, -1);

  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      const CharterTextRange *hit = &g_array_index (hits, CharterTextRange, i);
      const char *start, *end;
      g_autofree char *before = NULL;
      g_autofree char *word = NULL;

      if (hit->start < offset || hit->end <= hit->start || hit->end > length)
        continue;
      start = g_utf8_offset_to_pointer (p, hit->start - offset);
      end = g_utf8_offset_to_pointer (start, hit->end - hit->start);
      before = g_markup_escape_text (p, start - p);
      word = g_markup_escape_text (start, end - start);

      g_string_append (markup, before);
      g_string_append_printf (markup, "<span weight=\"bold\" bgcolor=\"#f6d32d\" "
                                      "bgalpha=\"45%%\">%s</span>", word);
      p = end;
      offset = hit->end;
    }
  {
    g_autofree char *rest = g_markup_escape_text (p, -1);

    g_string_append (markup, rest);
  }

  return g_string_free (markup, FALSE);
}

/* "Parent › Child": where the document sits, by its first topic. */
static char *
describe_place (CharterDocument *document)
{
  GListModel *topics = charter_document_get_topics (document);
  g_autoptr(CharterTopic) topic = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  GString *place = g_string_new (NULL);

  if (g_list_model_get_n_items (topics) == 0)
    return g_string_free (place, FALSE);

  topic = g_list_model_get_item (topics, 0);
  for (CharterTopic *t = topic; t != NULL; t = charter_topic_get_parent (t))
    g_ptr_array_insert (titles, 0, (gpointer) charter_entry_get_title (CHARTER_ENTRY (t)));
  for (guint i = 0; i < titles->len; i++)
    {
      if (i > 0)
        g_string_append (place, " › ");
      g_string_append (place, titles->pdata[i]);
    }
  return g_string_free (place, FALSE);
}

static void
set_stack_page (CharterSearchPage *self,
                const char        *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
}

static const char *
selected_id (GtkDropDown *filter,
             GPtrArray   *ids)
{
  guint position = gtk_drop_down_get_selected (filter);

  if (ids == NULL || position == GTK_INVALID_LIST_POSITION || position >= ids->len)
    return NULL;
  return ids->pdata[position];
}

static void
set_results (CharterSearchPage    *self,
             CharterSearchResults *results)
{
  gboolean had_results = self->results != NULL;

  g_clear_object (&self->results);
  g_clear_object (&self->selection);
  gtk_list_view_set_model (self->results_view, NULL);

  if (results != NULL)
    {
      self->results = g_object_ref (results);
      self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (results)));
      gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));
    }

  /* Every search gives new results, even if they look the same. */
  if (had_results || results != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

static void prepared_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
run (CharterSearchPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(CharterSearchQuery) query = NULL;
  g_autoptr(CharterSearchResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  guint total, shown;

  self->pending = FALSE;
  g_free (self->searched);
  self->searched = g_strdup (text);

  if (self->index == NULL)
    return;

  if (*text == '\0')
    {
      set_results (self, NULL);
      gtk_label_set_label (self->count_label, "");
      set_stack_page (self, "start");
      return;
    }

  if (!charter_search_index_get_ready (self->index))
    {
      self->pending = TRUE;
      set_stack_page (self, "preparing");
      return;
    }

  query = charter_search_query_new_as_you_type (text);
  results = charter_search_index_search (self->index, query,
                                         selected_id (self->topic_filter, self->topic_ids),
                                         selected_id (self->principle_filter,
                                                      self->principle_ids),
                                         CHARTER_SEARCH_PAGE_MAX_RESULTS, &error);
  if (results == NULL)
    {
      /* A damaged cache was dropped: build the index again, quietly. */
      if (g_error_matches (error, CHARTER_SEARCH_INDEX_ERROR,
                           CHARTER_SEARCH_INDEX_ERROR_CORRUPT))
        {
          self->pending = TRUE;
          set_stack_page (self, "preparing");
          g_cancellable_cancel (self->cancellable);
          g_clear_object (&self->cancellable);
          self->cancellable = g_cancellable_new ();
          charter_search_index_prepare_async (self->index, self->cancellable, prepared_cb,
                                              NULL);
          return;
        }
      g_warning ("Search failed: %s", error->message);
      set_results (self, NULL);
      set_stack_page (self, "none");
      return;
    }

  set_results (self, results);
  total = charter_search_results_get_total (results);
  shown = g_list_model_get_n_items (G_LIST_MODEL (results));
  if (total == 0)
    count = g_strdup (_("No results"));
  else if (shown < total)
    /* Translators: the first number is always smaller than the second. */
    count = g_strdup_printf (_("The first %u of %u results"), shown, total);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", total),
                             total);
  gtk_label_set_label (self->count_label, count);
  set_stack_page (self, total > 0 ? "results" : "none");
  if (total > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item",
                                "u", 0);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The page need not outlive the work: the index's "ready" tells it. */
  if (!charter_search_index_prepare_finish (CHARTER_SEARCH_INDEX (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The search index could not be built: %s", error->message);
}

static void
activate_position (CharterSearchPage *self,
                   guint              position)
{
  g_autoptr(CharterSearchResult) result = NULL;

  if (self->results == NULL)
    return;
  result = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  if (result != NULL)
    g_signal_emit (self, signals[SIGNAL_RESULT_ACTIVATED], 0, result);
}

static void
move_selection (CharterSearchPage *self,
                int                delta)
{
  guint n, position;

  if (self->selection == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (n == 0)
    return;

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  else if (delta < 0)
    position = position > 0 ? position - 1 : 0;
  else
    position = MIN (position + 1, n - 1);

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item",
                              "u", position);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *place = gtk_label_new (NULL);
  GtkWidget *snippet = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (place), 0);
  gtk_label_set_ellipsize (GTK_LABEL (place), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (place, "dim-label");
  gtk_widget_add_css_class (place, "caption");
  gtk_label_set_xalign (GTK_LABEL (snippet), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (snippet), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), place);
  gtk_box_append (GTK_BOX (box), snippet);
  gtk_list_item_set_child (item, box);
  /* For results_clicked_cb, which finds the row under the pointer. */
  g_object_set_data (G_OBJECT (box), "charter-list-item", item);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  CharterSearchResult *result = gtk_list_item_get_item (item);
  CharterDocument *document = charter_search_result_get_document (result);
  const char *title = charter_entry_get_title (CHARTER_ENTRY (document));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title_label = gtk_widget_get_first_child (box);
  GtkWidget *place_label = gtk_widget_get_next_sibling (title_label);
  GtkWidget *snippet_label = gtk_widget_get_next_sibling (place_label);
  g_autofree char *title_markup = markup_with_hits (title,
                                                    charter_search_result_get_title_hits (result));
  g_autofree char *snippet_markup =
    markup_with_hits (charter_search_result_get_snippet (result),
                      charter_search_result_get_snippet_hits (result));
  g_autofree char *place = describe_place (document);

  gtk_label_set_markup (GTK_LABEL (title_label), title_markup);
  gtk_label_set_label (GTK_LABEL (place_label), place);
  gtk_widget_set_visible (place_label, *place != '\0');
  gtk_label_set_markup (GTK_LABEL (snippet_label), snippet_markup);

  /* A screen reader reads the row as its title, then the snippet. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  charter_search_result_get_snippet (result),
                                  -1);
}

static void
search_changed_cb (CharterSearchPage *self)
{
  run (self);
}

static void
entry_activate_cb (CharterSearchPage *self)
{
  guint position;

  /* Enter before the delay ran out searches for what is typed now. */
  if (g_strcmp0 (self->searched, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    run (self);
  if (self->selection == NULL)
    return;
  position = gtk_single_selection_get_selected (self->selection);
  activate_position (self, position == GTK_INVALID_LIST_POSITION ? 0 : position);
}

static void
stop_search_cb (CharterSearchPage *self)
{
  g_signal_emit (self, signals[SIGNAL_STOP], 0);
}

/* Escape leaves from a result or a filter too, not only from the entry. */
static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  stop_search_cb (CHARTER_SEARCH_PAGE (widget));
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      CharterSearchPage     *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
results_activate_cb (CharterSearchPage *self,
                     guint              position)
{
  activate_position (self, position);
}

/* One click opens a result. GtkListView:single-click-activate would do it,
 * but it also selects whatever row the pointer rests on whenever the rows
 * move under it (a new search, a scroll), and Enter would then open that
 * row instead of the one the reader chose with Up and Down.
 */
static void
results_clicked_cb (GtkGestureClick   *gesture,
                    int                n_press,
                    double             x,
                    double             y,
                    CharterSearchPage *self)
{
  GtkWidget *view = GTK_WIDGET (self->results_view);
  GtkWidget *row = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = NULL;

  if (n_press != 1)
    return;

  /* The rows are the view's children; each holds the box setup_row_cb made. */
  while (row != NULL && gtk_widget_get_parent (row) != view)
    row = gtk_widget_get_parent (row);
  if (row != NULL && gtk_widget_get_first_child (row) != NULL)
    item = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (row)), "charter-list-item");
  if (item == NULL || gtk_list_item_get_position (item) == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  activate_position (self, gtk_list_item_get_position (item));
}

static void
filter_changed_cb (CharterSearchPage *self)
{
  run (self);
}

static void
index_ready_cb (CharterSearchPage *self)
{
  if (self->index != NULL && charter_search_index_get_ready (self->index) && self->pending)
    run (self);
}

static void
index_progress_cb (CharterSearchPage *self)
{
  gtk_progress_bar_set_fraction (self->progress, charter_search_index_get_progress (self->index));
}

static GtkStringList *
make_filter_model (GListModel *entries,
                   const char *all,
                   GPtrArray  *ids,
                   gboolean    as_tree)
{
  GtkStringList *strings = gtk_string_list_new (NULL);

  g_ptr_array_set_size (ids, 0);
  gtk_string_list_append (strings, all);
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; entries != NULL && i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CharterEntry) entry = g_list_model_get_item (entries, i);
      GString *label = g_string_new (NULL);

      if (as_tree)
        for (CharterTopic *t = charter_topic_get_parent (CHARTER_TOPIC (entry)); t != NULL;
             t = charter_topic_get_parent (t))
          g_string_append (label, "    ");
      g_string_append (label, charter_entry_get_title (entry));
      gtk_string_list_append (strings, label->str);
      g_string_free (label, TRUE);
      g_ptr_array_add (ids, g_strdup (charter_entry_get_id (entry)));
    }

  return strings;
}

/* Topics in tree order, each after its parent. */
static void
collect_topics (GListModel *topics,
                GListStore *out)
{
  for (guint i = 0; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(CharterTopic) topic = g_list_model_get_item (topics, i);

      g_list_store_append (out, topic);
      collect_topics (charter_topic_get_children (topic), out);
    }
}

static void
update_filters (CharterSearchPage *self)
{
  CharterKnowledgeBase *kb = self->index ? charter_search_index_get_knowledge_base (self->index)
                                         : NULL;
  g_autoptr(GListStore) topics = g_list_store_new (CHARTER_TYPE_TOPIC);
  g_autoptr(GtkStringList) topic_strings = NULL;
  g_autoptr(GtkStringList) principle_strings = NULL;

  if (kb != NULL)
    collect_topics (charter_knowledge_base_get_root_topics (kb), topics);

  g_signal_handlers_block_by_func (self->topic_filter, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->principle_filter, filter_changed_cb, self);
  topic_strings = make_filter_model (G_LIST_MODEL (topics), _("All topics"), self->topic_ids,
                                     TRUE);
  principle_strings = make_filter_model (kb ? charter_knowledge_base_get_principles (kb) : NULL,
                                         _("All principles"), self->principle_ids, FALSE);
  gtk_drop_down_set_model (self->topic_filter, G_LIST_MODEL (topic_strings));
  gtk_drop_down_set_model (self->principle_filter, G_LIST_MODEL (principle_strings));
  gtk_drop_down_set_selected (self->topic_filter, 0);
  gtk_drop_down_set_selected (self->principle_filter, 0);
  g_signal_handlers_unblock_by_func (self->topic_filter, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->principle_filter, filter_changed_cb, self);
}

static void
charter_search_page_dispose (GObject *object)
{
  CharterSearchPage *self = CHARTER_SEARCH_PAGE (object);

  charter_search_page_set_index (self, NULL);
  set_results (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHARTER_TYPE_SEARCH_PAGE);

  G_OBJECT_CLASS (charter_search_page_parent_class)->dispose (object);
}

static void
charter_search_page_finalize (GObject *object)
{
  CharterSearchPage *self = CHARTER_SEARCH_PAGE (object);

  g_ptr_array_unref (self->topic_ids);
  g_ptr_array_unref (self->principle_ids);
  g_free (self->searched);

  G_OBJECT_CLASS (charter_search_page_parent_class)->finalize (object);
}

static void
charter_search_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CharterSearchPage *self = CHARTER_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_RESULTS:
      g_value_set_object (value, self->results);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
charter_search_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CHARTER_SEARCH_PAGE (widget)->entry));
}

static void
charter_search_page_class_init (CharterSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = charter_search_page_dispose;
  object_class->finalize = charter_search_page_finalize;
  object_class->get_property = charter_search_page_get_property;
  widget_class->grab_focus = charter_search_page_grab_focus;

  /**
   * CharterSearchPage:results: (nullable)
   *
   * The results shown; notified after every search, and when they are cleared.
   */
  properties[PROP_RESULTS] =
    g_param_spec_object ("results", NULL, NULL, CHARTER_TYPE_SEARCH_RESULTS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CharterSearchPage::result-activated:
   * @result: the #CharterSearchResult chosen
   */
  signals[SIGNAL_RESULT_ACTIVATED] =
    g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CHARTER_TYPE_SEARCH_RESULT);

  /**
   * CharterSearchPage::stop:
   *
   * The reader pressed Escape: leave the search.
   */
  signals[SIGNAL_STOP] =
    g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/charter-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, box);
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, entry);
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, topic_filter);
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, principle_filter);
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, progress);
  gtk_widget_class_bind_template_child (widget_class, CharterSearchPage, results_view);

  gtk_widget_class_install_action (widget_class, "search.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "search.stop", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "charter-search-page");
}

static void
charter_search_page_init (CharterSearchPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;
  GtkGesture *click;

  self->topic_ids = g_ptr_array_new_with_free_func (g_free);
  self->principle_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->results_view, factory);

  gtk_search_entry_set_search_delay (self->entry, 150);
  /* Typing on a focused result goes on in the entry. */
  gtk_search_entry_set_key_capture_widget (self->entry, GTK_WIDGET (self->results_view));
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  keys = gtk_event_controller_key_new ();
  /* Before the entry's text, which takes Up and Down for itself. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  g_signal_connect_swapped (self->results_view, "activate", G_CALLBACK (results_activate_cb),
                            self);
  click = gtk_gesture_click_new ();
  /* Before the row's own gesture, which would only select on release. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (results_clicked_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->results_view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (self->topic_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->principle_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);

  update_filters (self);
}

GtkWidget *
charter_search_page_new (void)
{
  return g_object_new (CHARTER_TYPE_SEARCH_PAGE, NULL);
}

/**
 * charter_search_page_set_index:
 * @index: (nullable): the index to search, ready or being prepared
 */
void
charter_search_page_set_index (CharterSearchPage  *self,
                               CharterSearchIndex *index)
{
  g_return_if_fail (CHARTER_IS_SEARCH_PAGE (self));
  g_return_if_fail (!index || CHARTER_IS_SEARCH_INDEX (index));

  if (self->index == index)
    return;

  if (self->index != NULL)
    g_signal_handlers_disconnect_by_data (self->index, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->index, index);
  if (index != NULL)
    {
      g_signal_connect_swapped (index, "notify::ready", G_CALLBACK (index_ready_cb), self);
      g_signal_connect_swapped (index, "notify::progress", G_CALLBACK (index_progress_cb),
                                self);
      gtk_progress_bar_set_fraction (self->progress, charter_search_index_get_progress (index));
    }

  set_results (self, NULL);
  update_filters (self);
  /* Another knowledge base: what was typed is searched again in it. */
  run (self);
}

CharterSearchIndex *
charter_search_page_get_index (CharterSearchPage *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_PAGE (self), NULL);

  return self->index;
}

void
charter_search_page_focus_entry (CharterSearchPage *self)
{
  g_return_if_fail (CHARTER_IS_SEARCH_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

/**
 * charter_search_page_set_text:
 *
 * Types @text into the entry; the search runs after the usual delay.
 */
void
charter_search_page_set_text (CharterSearchPage *self,
                              const char        *text)
{
  g_return_if_fail (CHARTER_IS_SEARCH_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

/**
 * charter_search_page_run_now:
 *
 * Searches for what is typed at once, without waiting for the delay.
 */
void
charter_search_page_run_now (CharterSearchPage *self)
{
  g_return_if_fail (CHARTER_IS_SEARCH_PAGE (self));

  run (self);
}

/**
 * charter_search_page_get_results:
 *
 * Returns: (transfer none) (nullable): the results shown
 */
CharterSearchResults *
charter_search_page_get_results (CharterSearchPage *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_PAGE (self), NULL);

  return self->results;
}

/**
 * charter_search_page_get_selected:
 *
 * Returns: the position of the selected result, or -1
 */
int
charter_search_page_get_selected (CharterSearchPage *self)
{
  guint position;

  g_return_val_if_fail (CHARTER_IS_SEARCH_PAGE (self), -1);

  if (self->selection == NULL)
    return -1;
  position = gtk_single_selection_get_selected (self->selection);
  return position == GTK_INVALID_LIST_POSITION ? -1 : (int) position;
}
