/* charter-entry-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-entry-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "charter-entry-page.h"

/* The kinds of link a page shows, top to bottom, each a heading and a flow of buttons. */
typedef enum
{
  LINKS_PARENT,
  LINKS_SUBTOPICS,
  LINKS_PRINCIPLES,
  LINKS_TOPICS,
  N_LINKS
} LinksId;

typedef struct
{
  GtkWidget  *section;
  GtkFlowBox *flow_box;
} Links;

struct _CharterEntryPage
{
  GtkWidget          parent_instance;

  GtkScrolledWindow *scrolled_window;
  GtkWidget         *content;
  GtkLabel          *title_label;
  GtkLabel          *kind_label;
  GtkLabel          *summary_label;
  Links              links[N_LINKS];
  GtkWidget         *documents_section;
  GtkListBox        *documents_list;
  AdwStatusPage     *empty_page;

  CharterEntry      *entry;
  GListModel        *documents;
};

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

enum {
  SIGNAL_DOCUMENT_ACTIVATED,
  SIGNAL_ENTRY_ACTIVATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CharterEntryPage, charter_entry_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each kind of link's widgets in the template. */
static const struct
{
  const char *section;
  const char *flow_box;
} links_widgets[N_LINKS] = {
  [LINKS_PARENT] = { "parent_section", "parent_links" },
  [LINKS_SUBTOPICS] = { "subtopics_section", "subtopics_links" },
  [LINKS_PRINCIPLES] = { "principles_section", "principles_links" },
  [LINKS_TOPICS] = { "topics_section", "topics_links" },
};

#define ENTRY_KEY "charter-entry"

/* A document's date, "2017-03-01", in the reader's language. */
static char *
format_date (const char *date)
{
  g_autoptr(GDateTime) time = NULL;
  int year, month, day;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return g_strdup (date);

  time = g_date_time_new_utc (year, month, day, 0, 0, 0);
  if (time == NULL)
    return g_strdup (date);

  /* Translators: the date of a document, as in "1 March 2017"; write it as your language
   * does, with the codes of g_date_time_format(): %-d day, %B month name, %Y year.
   */
  return g_date_time_format (time, _("%-d %B %Y"));
}

static void
link_clicked_cb (GtkButton        *button,
                 CharterEntryPage *self)
{
  CharterEntry *entry = g_object_get_data (G_OBJECT (button), ENTRY_KEY);

  g_signal_emit (self, signals[SIGNAL_ENTRY_ACTIVATED], 0, entry);
}

static GtkWidget *
create_link_cb (gpointer item,
                gpointer user_data)
{
  CharterEntryPage *self = CHARTER_ENTRY_PAGE (user_data);
  CharterEntry *entry = CHARTER_ENTRY (item);
  const char *summary = charter_entry_get_summary (entry);
  GtkWidget *button;
  GtkWidget *child;

  button = gtk_button_new_with_label (charter_entry_get_title (entry));
  if (summary != NULL && *summary != '\0')
    gtk_widget_set_tooltip_text (button, summary);
  g_object_set_data_full (G_OBJECT (button), ENTRY_KEY, g_object_ref (entry), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (link_clicked_cb), self);

  /* The button takes the focus; the flow box child around it would be a second stop. */
  child = gtk_flow_box_child_new ();
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), button);

  return child;
}

static GtkWidget *
create_document_row_cb (gpointer item,
                        gpointer user_data)
{
  CharterEntry *document = CHARTER_ENTRY (item);
  const char *title = charter_entry_get_title (document);
  const char *summary = charter_entry_get_summary (document);
  g_autofree char *date = format_date (charter_document_get_date (CHARTER_DOCUMENT (document)));
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *arrow;

  if (date != NULL && summary != NULL && *summary != '\0')
    subtitle = g_strconcat (date, "\n", summary, NULL);
  else
    subtitle = g_strdup (date != NULL ? date : summary);

  row = adw_action_row_new ();
  /* Titles and summaries are plain text, not Pango markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);

  /* The arrow only says that the row opens something; it has nothing to read out. */
  arrow = g_object_new (GTK_TYPE_IMAGE,
                        "icon-name", "go-next-symbolic",
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                        NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  return row;
}

static void
show_links (CharterEntryPage *self,
            LinksId           id,
            GListModel       *entries)
{
  Links *links = &self->links[id];

  gtk_flow_box_bind_model (links->flow_box, entries, create_link_cb, self, NULL);
  gtk_widget_set_visible (links->section,
                          entries != NULL && g_list_model_get_n_items (entries) > 0);
}

static void
show_entry (CharterEntryPage *self)
{
  CharterEntry *entry = self->entry;
  GListModel *links[N_LINKS] = { NULL, };
  g_autoptr(GListStore) parent = NULL;
  GListModel *documents = NULL;
  const char *summary = NULL;
  guint n_documents;

  if (CHARTER_IS_TOPIC (entry))
    {
      CharterTopic *topic = CHARTER_TOPIC (entry);

      gtk_label_set_label (self->kind_label, C_("kind of entry", "Topic"));
      if (charter_topic_get_parent (topic) != NULL)
        {
          parent = g_list_store_new (CHARTER_TYPE_TOPIC);
          g_list_store_append (parent, charter_topic_get_parent (topic));
          links[LINKS_PARENT] = G_LIST_MODEL (parent);
        }
      links[LINKS_SUBTOPICS] = charter_topic_get_children (topic);
      links[LINKS_PRINCIPLES] = charter_topic_get_principles (topic);
      documents = charter_topic_get_documents (topic);
    }
  else if (CHARTER_IS_PRINCIPLE (entry))
    {
      CharterPrinciple *principle = CHARTER_PRINCIPLE (entry);

      gtk_label_set_label (self->kind_label, C_("kind of entry", "Principle"));
      links[LINKS_TOPICS] = charter_principle_get_topics (principle);
      documents = charter_principle_get_documents (principle);
    }

  gtk_widget_set_visible (self->content, entry != NULL);
  gtk_label_set_label (self->title_label, entry != NULL ? charter_entry_get_title (entry) : "");

  if (entry != NULL)
    {
      g_autofree char *description = NULL;

      summary = charter_entry_get_summary (entry);

      /* Translators: %s is the title of a topic or principle. */
      description = g_markup_printf_escaped (_("Nothing in this knowledge base is filed under "
                                               "“%s” yet."),
                                             charter_entry_get_title (entry));
      adw_status_page_set_description (self->empty_page, description);
    }

  gtk_label_set_label (self->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary != '\0');

  for (guint i = 0; i < N_LINKS; i++)
    show_links (self, i, links[i]);

  g_set_object (&self->documents, documents);
  gtk_list_box_bind_model (self->documents_list, documents, create_document_row_cb, self, NULL);
  n_documents = documents != NULL ? g_list_model_get_n_items (documents) : 0;
  gtk_widget_set_visible (self->documents_section, n_documents > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), n_documents == 0);

  /* A new entry is read from its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

static void
document_row_activated_cb (GtkListBox       *list_box,
                           GtkListBoxRow    *row,
                           CharterEntryPage *self)
{
  g_autoptr(CharterDocument) document = NULL;

  if (self->documents == NULL)
    return;

  document = g_list_model_get_item (self->documents, gtk_list_box_row_get_index (row));
  if (document != NULL)
    g_signal_emit (self, signals[SIGNAL_DOCUMENT_ACTIVATED], 0, document);
}

static void
charter_entry_page_dispose (GObject *object)
{
  CharterEntryPage *self = CHARTER_ENTRY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHARTER_TYPE_ENTRY_PAGE);
  g_clear_object (&self->documents);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (charter_entry_page_parent_class)->dispose (object);
}

static void
charter_entry_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CharterEntryPage *self = CHARTER_ENTRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_entry_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CharterEntryPage *self = CHARTER_ENTRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      charter_entry_page_set_entry (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_entry_page_class_init (CharterEntryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = charter_entry_page_dispose;
  object_class->get_property = charter_entry_page_get_property;
  object_class->set_property = charter_entry_page_set_property;

  /**
   * CharterEntryPage:entry:
   *
   * The topic or principle shown, or %NULL for none.
   */
  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         CHARTER_TYPE_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CharterEntryPage::document-activated:
   * @self: the page
   * @document: the document
   *
   * The reader opened one of the entry's documents.
   */
  signals[SIGNAL_DOCUMENT_ACTIVATED] =
    g_signal_new ("document-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, CHARTER_TYPE_DOCUMENT);
  g_signal_set_va_marshaller (signals[SIGNAL_DOCUMENT_ACTIVATED],
                              G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__OBJECTv);

  /**
   * CharterEntryPage::entry-activated:
   * @self: the page
   * @entry: the topic or principle
   *
   * The reader followed a link to another topic or principle.
   */
  signals[SIGNAL_ENTRY_ACTIVATED] =
    g_signal_new ("entry-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, CHARTER_TYPE_ENTRY);
  g_signal_set_va_marshaller (signals[SIGNAL_ENTRY_ACTIVATED],
                              G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__OBJECTv);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/charter-entry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, content);
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, documents_section);
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, CharterEntryPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, document_row_activated_cb);

  for (guint i = 0; i < N_LINKS; i++)
    {
      gssize offset = G_STRUCT_OFFSET (CharterEntryPage, links) + i * sizeof (Links);

      gtk_widget_class_bind_template_child_full (widget_class, links_widgets[i].section, FALSE,
                                                 offset + G_STRUCT_OFFSET (Links, section));
      gtk_widget_class_bind_template_child_full (widget_class, links_widgets[i].flow_box, FALSE,
                                                 offset + G_STRUCT_OFFSET (Links, flow_box));
    }

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
charter_entry_page_init (CharterEntryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * charter_entry_page_new:
 *
 * Returns: (transfer floating): a new page, showing nothing
 */
GtkWidget *
charter_entry_page_new (void)
{
  return g_object_new (CHARTER_TYPE_ENTRY_PAGE, NULL);
}

/**
 * charter_entry_page_get_entry:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the topic or principle shown
 */
CharterEntry *
charter_entry_page_get_entry (CharterEntryPage *self)
{
  g_return_val_if_fail (CHARTER_IS_ENTRY_PAGE (self), NULL);

  return self->entry;
}

/**
 * charter_entry_page_set_entry:
 * @self: a page
 * @entry: (nullable): a topic or principle, or %NULL to show nothing
 */
void
charter_entry_page_set_entry (CharterEntryPage *self,
                              CharterEntry     *entry)
{
  g_return_if_fail (CHARTER_IS_ENTRY_PAGE (self));
  g_return_if_fail (!entry || CHARTER_IS_TOPIC (entry) || CHARTER_IS_PRINCIPLE (entry));

  if (!g_set_object (&self->entry, entry))
    return;

  show_entry (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}
