/* charter-sidebar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-sidebar"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "charter-sidebar.h"
#include "charter-bookmark.h"

/* Each section of the sidebar is its own GtkListView, one after the other in a box that
 * scrolls as a whole, rather than one GtkListView over a flattened model with header rows.
 *
 * GTK 4.8 has neither list sections nor gtk_list_item_set_focusable() (both 4.12), and a row
 * that is not selectable is a wall for the keyboard there: Up, Down and Tab stop in front of
 * it instead of passing it by. Header rows would have to be worked around for every key that
 * moves the cursor. With one list per section, GTK moves the cursor inside a section as usual,
 * Tab goes from row to row and then on to the next list, each list is a list of its own for
 * screen readers with the section's name as its label, and only two keys need help: Up on a
 * section's first row and Down on its last one go on to the neighbouring section
 * (key_pressed_cb()). One selection spans all sections (selected_item_changed_cb()).
 *
 * Every section shows GtkTreeListRows, flat ones too, so that one row factory serves them all
 * and every title starts where the topic titles start.
 */

/* The sections from top to bottom. A Bookmarks section will come first: a value here, its
 * widgets in charter-sidebar.ui and section_widgets[], its entries in get_section_entries().
 */
typedef enum
{
  SECTION_TOPICS,
  SECTION_PRINCIPLES,
  N_SECTIONS
} SectionId;

typedef struct
{
  GtkListView        *view;
  GtkWidget          *empty_label;
  GtkSingleSelection *selection;
} Section;

struct _CharterSidebar
{
  GtkWidget             parent_instance;

  GtkScrolledWindow    *scrolled_window;
  GtkWidget            *sections_box;
  Section               sections[N_SECTIONS];

  CharterKnowledgeBase *knowledge_base;

  GtkSearchEntry       *bookmarks_filter;
  GtkListView          *bookmarks_view;
  GtkWidget            *bookmarks_empty;
  GListModel           *bookmarks;
  GtkCustomFilter      *bookmark_filter;
  GtkSingleSelection   *bookmarks_selection;

  /* Above zero while the selection changes because of code, not because of the reader. */
  guint                 silent;
  /* Set by the second press of a double click: its first press has selected the row, and
   * announced it, already.
   */
  gboolean              double_press;
  /* charter_sidebar_select_entry() scrolls to the row it selects, in frames to come. */
  guint                 reveal_tick_id;
  guint                 reveal_frames;
  double                reveal_value;
};

enum {
  PROP_0,
  PROP_KNOWLEDGE_BASE,
  N_PROPS
};

enum {
  SIGNAL_ENTRY_ACTIVATED,
  SIGNAL_BOOKMARK_ACTIVATED,
  SIGNAL_BOOKMARK_REMOVE,
  SIGNAL_BOOKMARK_EDIT,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CharterSidebar, charter_sidebar, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each section's widgets in the template. */
static const struct
{
  const char *view;
  const char *empty_label;
} section_widgets[N_SECTIONS] = {
  [SECTION_TOPICS] = { "topics_view", "topics_empty" },
  [SECTION_PRINCIPLES] = { "principles_view", "principles_empty" },
};

/* GTK 4.8 has no way to get from a row widget to its GtkListItem, so the child that the
 * factory gives each row carries it.
 */
#define LIST_ITEM_KEY "charter-sidebar-list-item"

static gboolean focus_last_bookmark (CharterSidebar *self);

#define MAX_REVEAL_FRAMES 60

static GListModel *
get_section_entries (CharterSidebar *self,
                     SectionId       id)
{
  CharterKnowledgeBase *kb = self->knowledge_base;

  switch (id)
    {
    case SECTION_TOPICS:
      if (kb != NULL)
        return g_object_ref (charter_knowledge_base_get_root_topics (kb));
      return G_LIST_MODEL (g_list_store_new (CHARTER_TYPE_TOPIC));

    case SECTION_PRINCIPLES:
      if (kb != NULL)
        return g_object_ref (charter_knowledge_base_get_principles (kb));
      return G_LIST_MODEL (g_list_store_new (CHARTER_TYPE_PRINCIPLE));

    case N_SECTIONS:
    default:
      g_assert_not_reached ();
    }
}

static Section *
find_section_for_view (CharterSidebar *self,
                       GtkWidget      *view)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    if (GTK_WIDGET (self->sections[i].view) == view)
      return &self->sections[i];

  g_return_val_if_reached (NULL);
}

static guint
count_documents (CharterEntry *entry)
{
  if (CHARTER_IS_TOPIC (entry))
    return g_list_model_get_n_items (charter_topic_get_documents (CHARTER_TOPIC (entry)));
  if (CHARTER_IS_PRINCIPLE (entry))
    return g_list_model_get_n_items (charter_principle_get_documents (CHARTER_PRINCIPLE (entry)));

  return 0;
}

static gboolean
find_item (GListModel *model,
           gpointer    item,
           guint      *position)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static guint
get_n_rows (Section *section)
{
  return g_list_model_get_n_items (G_LIST_MODEL (section->selection));
}

/* Returns a new reference, or NULL. */
static CharterEntry *
get_entry (Section *section,
           guint    position)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  row = g_list_model_get_item (G_LIST_MODEL (section->selection), position);
  if (row == NULL)
    return NULL;

  return gtk_tree_list_row_get_item (row);
}

/* The position of the row that @widget is in, or GTK_INVALID_LIST_POSITION. */
static guint
get_row_position (Section   *section,
                  GtkWidget *widget)
{
  GtkWidget *view = GTK_WIDGET (section->view);
  GtkWidget *child;
  GtkListItem *list_item;

  while (widget != NULL && gtk_widget_get_parent (widget) != view)
    widget = gtk_widget_get_parent (widget);
  if (widget == NULL)
    return GTK_INVALID_LIST_POSITION;

  child = gtk_widget_get_first_child (widget);
  list_item = child != NULL ? g_object_get_data (G_OBJECT (child), LIST_ITEM_KEY) : NULL;
  if (list_item == NULL)
    return GTK_INVALID_LIST_POSITION;

  return gtk_list_item_get_position (list_item);
}

static GtkWidget *
get_row_widget (Section *section,
                guint    position)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (section->view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (get_row_position (section, child) == position)
        return child;
    }

  return NULL;
}

static guint
get_focus_position (Section *section)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (section->view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return GTK_INVALID_LIST_POSITION;

  return get_row_position (section, focus);
}

/* Moves the keyboard focus to a row, and the selection with it when @select is set, as
 * GTK's own cursor keys do.
 */
static gboolean
focus_row (Section  *section,
           guint     position,
           gboolean  select)
{
  GtkWidget *row = get_row_widget (section, position);

  if (row == NULL || !gtk_widget_grab_focus (row))
    return FALSE;

  if (select)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (section->selection), position, TRUE);

  return TRUE;
}

/* Moves the focus from section @from to the nearest row of the next non-empty section in
 * direction @step: its first row going down, its last one going up.
 */
static gboolean
move_to_next_section (CharterSidebar *self,
                      SectionId       from,
                      int             step,
                      gboolean        select)
{
  for (int i = (int) from + step; i >= 0 && i < N_SECTIONS; i += step)
    {
      Section *section = &self->sections[i];
      guint n_rows = get_n_rows (section);

      if (n_rows > 0)
        return focus_row (section, step > 0 ? 0 : n_rows - 1, select);
    }

  return FALSE;
}

static gboolean
expand_row (Section *section,
            guint    position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (section->selection),
                                                         position);

  if (row == NULL || !gtk_tree_list_row_is_expandable (row) ||
      gtk_tree_list_row_get_expanded (row))
    return FALSE;

  gtk_tree_list_row_set_expanded (row, TRUE);
  return TRUE;
}

/* Collapses an expanded row; from a row that is not expanded, goes to its parent. */
static gboolean
collapse_row (Section *section,
              guint    position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (section->selection),
                                                         position);
  g_autoptr(GtkTreeListRow) parent = NULL;

  if (row == NULL)
    return FALSE;

  if (gtk_tree_list_row_get_expanded (row))
    {
      gtk_tree_list_row_set_expanded (row, FALSE);
      return TRUE;
    }

  parent = gtk_tree_list_row_get_parent (row);
  if (parent == NULL)
    return FALSE;

  return focus_row (section, gtk_tree_list_row_get_position (parent), TRUE);
}

/* Expands the ancestors of @topic and returns its row (a new reference), or NULL when the
 * topic is not in this sidebar's knowledge base.
 */
static GtkTreeListRow *
reveal_topic (CharterSidebar *self,
              CharterTopic   *topic)
{
  GtkSingleSelection *selection = self->sections[SECTION_TOPICS].selection;
  GtkTreeListModel *tree = GTK_TREE_LIST_MODEL (gtk_single_selection_get_model (selection));
  CharterTopic *parent = charter_topic_get_parent (topic);
  g_autoptr(GtkTreeListRow) parent_row = NULL;
  guint index;

  if (self->knowledge_base == NULL)
    return NULL;

  if (parent == NULL)
    {
      GListModel *roots = charter_knowledge_base_get_root_topics (self->knowledge_base);

      if (!find_item (roots, topic, &index))
        return NULL;

      return gtk_tree_list_model_get_child_row (tree, index);
    }

  parent_row = reveal_topic (self, parent);
  if (parent_row == NULL || !find_item (charter_topic_get_children (parent), topic, &index))
    return NULL;

  gtk_tree_list_row_set_expanded (parent_row, TRUE);

  return gtk_tree_list_row_get_child_row (parent_row, index);
}

static void
unselect_all_but (CharterSidebar *self,
                  Section        *keep)
{
  self->silent++;

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      if (&self->sections[i] != keep)
        gtk_single_selection_set_selected (self->sections[i].selection, GTK_INVALID_LIST_POSITION);
    }

  self->silent--;
}

static gboolean
reveal_selection_cb (GtkWidget     *widget,
                     GdkFrameClock *frame_clock,
                     gpointer       user_data)
{
  CharterSidebar *self = CHARTER_SIDEBAR (widget);
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gboolean first_try = self->reveal_value < 0;
  GtkWidget *row = NULL;
  graphene_rect_t bounds;

  /* The first frame lays out the rows that selecting may just have expanded; where they
   * are is known from the next one on.
   */
  if (self->reveal_frames++ == 0)
    return G_SOURCE_CONTINUE;

  /* A scroll animation of GTK's own can undo ours, such as the one that a viewport starts
   * for the first focus of a window, before anything has a size: try again on each frame
   * until a try sticks, for a second at most.
   */
  if ((!first_try && gtk_adjustment_get_value (vadjustment) == self->reveal_value) ||
      self->reveal_frames > MAX_REVEAL_FRAMES)
    goto done;

  for (guint i = 0; i < N_SECTIONS && row == NULL; i++)
    {
      Section *section = &self->sections[i];
      guint position = gtk_single_selection_get_selected (section->selection);

      if (position != GTK_INVALID_LIST_POSITION)
        row = get_row_widget (section, position);
    }

  if (row == NULL || !gtk_widget_compute_bounds (row, self->sections_box, &bounds))
    goto done;

  gtk_adjustment_clamp_page (vadjustment,
                             bounds.origin.y, bounds.origin.y + bounds.size.height);
  self->reveal_value = gtk_adjustment_get_value (vadjustment);

  /* A reader who was in the sidebar goes on with the keyboard from the selected row. */
  if (first_try && gtk_widget_get_focus_child (widget) != NULL)
    gtk_widget_grab_focus (row);

  return G_SOURCE_CONTINUE;

done:
  self->reveal_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_reveal_selection (CharterSidebar *self)
{
  self->reveal_frames = 0;
  self->reveal_value = -1;

  if (self->reveal_tick_id == 0)
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                         reveal_selection_cb, NULL, NULL);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListModel *children;

  if (!CHARTER_IS_TOPIC (item))
    return NULL;

  children = charter_topic_get_children (item);
  if (g_list_model_get_n_items (children) == 0)
    return NULL;

  return g_object_ref (children);
}

static gboolean
query_title_tooltip_cb (GtkLabel   *label,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip,
                        gpointer    user_data)
{
  /* Only a title cut short needs its full text in a tooltip. */
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, gtk_label_get_label (label));
  return TRUE;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *expander;
  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *count;

  title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_set_has_tooltip (title, TRUE);
  g_signal_connect (title, "query-tooltip", G_CALLBACK (query_title_tooltip_cb), NULL);

  /* The row's description says the same in words. */
  count = gtk_label_new (NULL);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_accessible_update_state (GTK_ACCESSIBLE (count), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), count);

  expander = gtk_tree_expander_new ();
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  g_object_set_data (G_OBJECT (expander), LIST_ITEM_KEY, list_item);

  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  g_autoptr(CharterEntry) entry = gtk_tree_list_row_get_item (row);
  const char *title = charter_entry_get_title (entry);
  guint n_documents = count_documents (entry);
  g_autofree char *count = g_strdup_printf ("%u", n_documents);
  g_autofree char *description = NULL;

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u document", "%u documents", n_documents),
                                 n_documents);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), title);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

static void
selected_item_changed_cb (GtkSingleSelection *selection,
                          GParamSpec         *pspec,
                          CharterSidebar     *self)
{
  Section *section = NULL;
  guint position = gtk_single_selection_get_selected (selection);
  g_autoptr(CharterEntry) entry = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  for (guint i = 0; i < N_SECTIONS; i++)
    if (self->sections[i].selection == selection)
      section = &self->sections[i];
  g_return_if_fail (section != NULL);

  unselect_all_but (self, section);

  entry = get_entry (section, position);
  if (entry != NULL && self->silent == 0)
    g_signal_emit (self, signals[SIGNAL_ENTRY_ACTIVATED], 0, entry);
}

/* Enter, or a double click, on a row. */
static void
activate_cb (GtkListView    *view,
             guint           position,
             CharterSidebar *self)
{
  Section *section = find_section_for_view (self, GTK_WIDGET (view));
  g_autoptr(CharterEntry) entry = NULL;

  if (self->double_press)
    {
      self->double_press = FALSE;
      return;
    }

  entry = get_entry (section, position);
  if (entry == NULL)
    return;

  /* Ctrl and the arrow keys move the focus without the selection. */
  if (gtk_single_selection_get_selected (section->selection) != position)
    {
      self->silent++;
      gtk_single_selection_set_selected (section->selection, position);
      self->silent--;
    }

  g_signal_emit (self, signals[SIGNAL_ENTRY_ACTIVATED], 0, entry);
}

/* Runs before the row's own gesture, which selects the row. */
static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            CharterSidebar  *self)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  Section *section = find_section_for_view (self, view);
  GtkWidget *target;
  guint position;
  g_autoptr(CharterEntry) entry = NULL;

  self->double_press = n_press > 1;
  if (n_press > 1)
    return;

  /* A press on a row's arrow only expands or collapses it. */
  target = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  if (target == NULL || g_strcmp0 (gtk_widget_get_css_name (target), "expander") == 0)
    return;

  /* A press on the selected row changes no selection, but the reader may have gone on to
   * a document since and wants the entry back.
   */
  position = get_row_position (section, target);
  if (position == GTK_INVALID_LIST_POSITION ||
      position != gtk_single_selection_get_selected (section->selection))
    return;

  entry = get_entry (section, position);
  if (entry != NULL)
    g_signal_emit (self, signals[SIGNAL_ENTRY_ACTIVATED], 0, entry);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CharterSidebar        *self)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  Section *section = find_section_for_view (self, view);
  SectionId id = (SectionId) (section - self->sections);
  gboolean rtl = gtk_widget_get_direction (view) == GTK_TEXT_DIR_RTL;
  gboolean select;
  guint position;

  self->double_press = FALSE;

  /* Ctrl moves the focus alone, as in GTK's own bindings; Shift would extend a selection,
   * which a sidebar does not have.
   */
  state &= gtk_accelerator_get_default_mod_mask ();
  if ((state & ~GDK_CONTROL_MASK) != 0)
    return FALSE;
  select = (state & GDK_CONTROL_MASK) == 0;

  position = get_focus_position (section);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (position == 0)
        return move_to_next_section (self, id, -1, select) || focus_last_bookmark (self);
      break;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (position + 1 == get_n_rows (section))
        return move_to_next_section (self, id, +1, select);
      break;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (select)
        return rtl ? expand_row (section, position) : collapse_row (section, position);
      break;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (select)
        return rtl ? collapse_row (section, position) : expand_row (section, position);
      break;

    default:
      break;
    }

  return FALSE;
}

static void
set_section_model (CharterSidebar *self,
                   SectionId       id)
{
  Section *section = &self->sections[id];
  GtkTreeListModel *tree;
  guint n_rows;

  if (section->selection != NULL)
    {
      g_signal_handlers_disconnect_by_data (section->selection, self);
      g_clear_object (&section->selection);
    }

  tree = gtk_tree_list_model_new (get_section_entries (self, id), FALSE, FALSE,
                                  create_children_cb, NULL, NULL);
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (tree));

  /* Nothing is selected until the reader or the window chooses. */
  section->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (section->selection, FALSE);
  gtk_single_selection_set_model (section->selection, G_LIST_MODEL (tree));
  g_object_unref (tree);
  g_signal_connect (section->selection, "notify::selected-item",
                    G_CALLBACK (selected_item_changed_cb), self);

  gtk_list_view_set_model (section->view, GTK_SELECTION_MODEL (section->selection));
  gtk_widget_set_visible (GTK_WIDGET (section->view), n_rows > 0);
  gtk_widget_set_visible (section->empty_label, n_rows == 0);
}

static gboolean
focus_selected_row (CharterSidebar *self)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      Section *section = &self->sections[i];
      guint position = gtk_single_selection_get_selected (section->selection);

      if (position != GTK_INVALID_LIST_POSITION)
        return focus_row (section, position, FALSE);
    }

  return FALSE;
}

static gboolean
charter_sidebar_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  CharterSidebar *self = CHARTER_SIDEBAR (widget);

  /* The keyboard comes into the sidebar on the selected row, wherever the list's own cursor
   * was left by charter_sidebar_select_entry().
   */
  if (gtk_widget_get_focus_child (widget) == NULL && focus_selected_row (self))
    return TRUE;

  return GTK_WIDGET_CLASS (charter_sidebar_parent_class)->focus (widget, direction);
}

static gboolean
charter_sidebar_grab_focus (GtkWidget *widget)
{
  CharterSidebar *self = CHARTER_SIDEBAR (widget);

  if (focus_selected_row (self))
    return TRUE;

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      if (get_n_rows (&self->sections[i]) > 0 &&
          gtk_widget_grab_focus (GTK_WIDGET (self->sections[i].view)))
        return TRUE;
    }

  return FALSE;
}

/* Bookmarks */

#define BOOKMARK_KEY "charter-sidebar-bookmark"

static gboolean
contains_folded (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

static gboolean
bookmark_matches (gpointer item,
                  gpointer user_data)
{
  CharterSidebar *self = user_data;
  CharterBookmark *bookmark = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->bookmarks_filter));
  g_autofree char *needle = NULL;

  if (*text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  return contains_folded (charter_bookmark_get_entry_title (bookmark), needle) ||
         contains_folded (charter_bookmark_get_note (bookmark), needle) ||
         contains_folded (charter_bookmark_get_kb_title (bookmark), needle) ||
         contains_folded (charter_bookmark_get_quote (bookmark), needle);
}

static CharterBookmark *
selected_bookmark (CharterSidebar *self)
{
  if (self->bookmarks_selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (self->bookmarks_selection);
}

/* The bookmarks list, seen as the sections are, for the arrow keys. */
static Section
bookmarks_section (CharterSidebar *self)
{
  Section section = { self->bookmarks_view, self->bookmarks_empty, self->bookmarks_selection };

  return section;
}

/* Up from the first topic (or principle, if no topics) reaches the last bookmark. */
static gboolean
focus_last_bookmark (CharterSidebar *self)
{
  Section section = bookmarks_section (self);
  guint n_rows = section.selection ? get_n_rows (&section) : 0;

  return n_rows > 0 && focus_row (&section, n_rows - 1, FALSE);
}

static void
bookmark_button_clicked_cb (GtkButton      *button,
                            CharterSidebar *self)
{
  CharterBookmark *bookmark = g_object_get_data (G_OBJECT (button), BOOKMARK_KEY);
  guint signal = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "signal"));

  if (bookmark != NULL)
    g_signal_emit (self, signals[signal], 0, bookmark);
}

static GtkWidget *
make_row_button (CharterSidebar *self,
                 const char     *icon,
                 const char     *tooltip,
                 guint           signal)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Keyboard users have Delete and F2 on the row: the buttons are for the mouse. */
  gtk_widget_set_focusable (button, FALSE);
  g_object_set_data (G_OBJECT (button), "signal", GUINT_TO_POINTER (signal));
  g_signal_connect (button, "clicked", G_CALLBACK (bookmark_button_clicked_cb), self);
  return button;
}

static void
setup_bookmark_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       CharterSidebar           *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *note = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_ellipsize (GTK_LABEL (note), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (note, "caption");
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), note);
  gtk_box_append (GTK_BOX (text), where);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row),
                  make_row_button (self, "document-edit-symbolic", _("Edit Note (F2)"),
                                   SIGNAL_BOOKMARK_EDIT));
  gtk_box_append (GTK_BOX (row),
                  make_row_button (self, "user-trash-symbolic", _("Remove Bookmark (Delete)"),
                                   SIGNAL_BOOKMARK_REMOVE));
  g_object_set_data (G_OBJECT (row), LIST_ITEM_KEY, item);
  gtk_list_item_set_child (item, row);
}

static void
bind_bookmark_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      CharterSidebar           *self)
{
  CharterBookmark *bookmark = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *text = gtk_widget_get_first_child (row);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *note = gtk_widget_get_next_sibling (title);
  GtkWidget *where = gtk_widget_get_next_sibling (note);
  const char *note_text = charter_bookmark_get_note (bookmark);
  const char *quote = charter_bookmark_get_quote (bookmark);
  g_autofree char *place = NULL;

  gtk_label_set_label (GTK_LABEL (title), charter_bookmark_get_entry_title (bookmark));
  /* The note if there is one, else the passage quoted. */
  if (*note_text != '\0')
    gtk_label_set_label (GTK_LABEL (note), note_text);
  else if (quote != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", quote);

      gtk_label_set_label (GTK_LABEL (note), quoted);
    }
  gtk_widget_set_visible (note, *note_text != '\0' || quote != NULL);

  if (charter_bookmark_get_available (bookmark))
    place = g_strdup (charter_bookmark_get_kb_title (bookmark));
  else
    /* Translators: a bookmark whose document its knowledge base no longer has. */
    place = g_strdup_printf (_("Unavailable · %s"), charter_bookmark_get_kb_title (bookmark));
  gtk_label_set_label (GTK_LABEL (where), place);
  if (charter_bookmark_get_available (bookmark))
    gtk_widget_remove_css_class (text, "dim-label");
  else
    gtk_widget_add_css_class (text, "dim-label");

  for (GtkWidget *button = gtk_widget_get_next_sibling (text); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    g_object_set_data (G_OBJECT (button), BOOKMARK_KEY, bookmark);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  charter_bookmark_get_entry_title (bookmark),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, place,
                                  -1);
}

static void
unbind_bookmark_row_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        CharterSidebar           *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  for (GtkWidget *button = gtk_widget_get_next_sibling (gtk_widget_get_first_child (row));
       button != NULL; button = gtk_widget_get_next_sibling (button))
    g_object_set_data (G_OBJECT (button), BOOKMARK_KEY, NULL);
}

static void
bookmark_activate_cb (GtkListView    *view,
                      guint           position,
                      CharterSidebar *self)
{
  g_autoptr(CharterBookmark) bookmark =
    g_list_model_get_item (G_LIST_MODEL (self->bookmarks_selection), position);

  if (bookmark != NULL)
    g_signal_emit (self, signals[SIGNAL_BOOKMARK_ACTIVATED], 0, bookmark);
}

static gboolean
bookmark_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         CharterSidebar        *self)
{
  CharterBookmark *bookmark = selected_bookmark (self);
  Section section = bookmarks_section (self);

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || section.selection == NULL)
    return FALSE;

  /* Down from the last bookmark goes on to the first topic, as between sections. */
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      get_focus_position (&section) + 1 == get_n_rows (&section))
    {
      for (guint i = 0; i < N_SECTIONS; i++)
        if (get_n_rows (&self->sections[i]) > 0)
          return focus_row (&self->sections[i], 0, TRUE);
      return FALSE;
    }

  if (bookmark == NULL)
    return FALSE;

  if (keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete)
    {
      g_signal_emit (self, signals[SIGNAL_BOOKMARK_REMOVE], 0, bookmark);
      return TRUE;
    }
  if (keyval == GDK_KEY_F2)
    {
      g_signal_emit (self, signals[SIGNAL_BOOKMARK_EDIT], 0, bookmark);
      return TRUE;
    }
  return FALSE;
}

static void
update_bookmarks_empty (CharterSidebar *self)
{
  guint n_all = self->bookmarks ? g_list_model_get_n_items (self->bookmarks) : 0;

  gtk_widget_set_visible (self->bookmarks_empty, n_all == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->bookmarks_filter), n_all > 0);
}

static void
bookmarks_filter_changed_cb (CharterSidebar *self)
{
  gtk_filter_changed (GTK_FILTER (self->bookmark_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * charter_sidebar_set_bookmarks:
 * @bookmarks: (nullable): a #GListModel of #CharterBookmark
 *
 * Lists @bookmarks in the Bookmarks section, newest last.
 */
void
charter_sidebar_set_bookmarks (CharterSidebar *self,
                               GListModel     *bookmarks)
{
  GtkFilterListModel *filtered;

  g_return_if_fail (CHARTER_IS_SIDEBAR (self));
  g_return_if_fail (!bookmarks || G_IS_LIST_MODEL (bookmarks));

  if (self->bookmarks != NULL)
    g_signal_handlers_disconnect_by_data (self->bookmarks, self);
  g_set_object (&self->bookmarks, bookmarks);
  g_clear_object (&self->bookmarks_selection);

  if (bookmarks != NULL)
    {
      g_signal_connect_swapped (bookmarks, "items-changed",
                                G_CALLBACK (update_bookmarks_empty), self);
      filtered = gtk_filter_list_model_new (g_object_ref (bookmarks),
                                            GTK_FILTER (g_object_ref (self->bookmark_filter)));
      self->bookmarks_selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
      gtk_single_selection_set_autoselect (self->bookmarks_selection, FALSE);
      gtk_single_selection_set_can_unselect (self->bookmarks_selection, TRUE);
      gtk_single_selection_set_selected (self->bookmarks_selection, GTK_INVALID_LIST_POSITION);
    }
  gtk_list_view_set_model (self->bookmarks_view,
                           GTK_SELECTION_MODEL (self->bookmarks_selection));
  update_bookmarks_empty (self);
}

/**
 * charter_sidebar_get_bookmarks_shown:
 *
 * Returns: (transfer none) (nullable): the bookmarks listed, after the filter
 */
GListModel *
charter_sidebar_get_bookmarks_shown (CharterSidebar *self)
{
  g_return_val_if_fail (CHARTER_IS_SIDEBAR (self), NULL);

  return self->bookmarks_selection ? G_LIST_MODEL (self->bookmarks_selection) : NULL;
}

static void
charter_sidebar_dispose (GObject *object)
{
  CharterSidebar *self = CHARTER_SIDEBAR (object);

  if (self->reveal_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
      self->reveal_tick_id = 0;
    }

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      if (self->sections[i].selection != NULL)
        g_signal_handlers_disconnect_by_data (self->sections[i].selection, self);
      g_clear_object (&self->sections[i].selection);
    }

  if (self->bookmarks != NULL)
    g_signal_handlers_disconnect_by_data (self->bookmarks, self);
  g_clear_object (&self->bookmarks_selection);
  g_clear_object (&self->bookmarks);
  g_clear_object (&self->bookmark_filter);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHARTER_TYPE_SIDEBAR);
  g_clear_object (&self->knowledge_base);

  G_OBJECT_CLASS (charter_sidebar_parent_class)->dispose (object);
}

static void
charter_sidebar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CharterSidebar *self = CHARTER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_KNOWLEDGE_BASE:
      g_value_set_object (value, self->knowledge_base);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_sidebar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CharterSidebar *self = CHARTER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_KNOWLEDGE_BASE:
      charter_sidebar_set_knowledge_base (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_sidebar_class_init (CharterSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = charter_sidebar_dispose;
  object_class->get_property = charter_sidebar_get_property;
  object_class->set_property = charter_sidebar_set_property;

  widget_class->focus = charter_sidebar_focus;
  widget_class->grab_focus = charter_sidebar_grab_focus;

  /**
   * CharterSidebar:knowledge-base:
   *
   * The knowledge base whose topics and principles the sidebar shows.
   */
  properties[PROP_KNOWLEDGE_BASE] =
    g_param_spec_object ("knowledge-base", NULL, NULL,
                         CHARTER_TYPE_KNOWLEDGE_BASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CharterSidebar::entry-activated:
   * @self: the sidebar
   * @entry: the topic or principle
   *
   * The reader chose a topic or principle: a click, the arrow keys moving the selection, or
   * Enter. Selecting with charter_sidebar_select_entry() does not emit it.
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

  /**
   * CharterSidebar::bookmark-activated:
   * @bookmark: the #CharterBookmark chosen
   */
  signals[SIGNAL_BOOKMARK_ACTIVATED] =
    g_signal_new ("bookmark-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CHARTER_TYPE_BOOKMARK);
  /**
   * CharterSidebar::bookmark-remove:
   * @bookmark: the #CharterBookmark the reader wants gone (Delete, or its button)
   */
  signals[SIGNAL_BOOKMARK_REMOVE] =
    g_signal_new ("bookmark-remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CHARTER_TYPE_BOOKMARK);
  /**
   * CharterSidebar::bookmark-edit:
   * @bookmark: the #CharterBookmark whose note to edit (F2, or its button)
   */
  signals[SIGNAL_BOOKMARK_EDIT] =
    g_signal_new ("bookmark-edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CHARTER_TYPE_BOOKMARK);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/charter-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, CharterSidebar, bookmarks_filter);
  gtk_widget_class_bind_template_child (widget_class, CharterSidebar, bookmarks_view);
  gtk_widget_class_bind_template_child (widget_class, CharterSidebar, bookmarks_empty);
  gtk_widget_class_bind_template_child (widget_class, CharterSidebar, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CharterSidebar, sections_box);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      gssize offset = G_STRUCT_OFFSET (CharterSidebar, sections) + i * sizeof (Section);

      gtk_widget_class_bind_template_child_full (widget_class, section_widgets[i].view, FALSE,
                                                 offset + G_STRUCT_OFFSET (Section, view));
      gtk_widget_class_bind_template_child_full (widget_class, section_widgets[i].empty_label,
                                                 FALSE,
                                                 offset + G_STRUCT_OFFSET (Section, empty_label));
    }

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
charter_sidebar_init (CharterSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_bookmark_row_cb), self);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_bookmark_row_cb), self);
    g_signal_connect (factory, "unbind", G_CALLBACK (unbind_bookmark_row_cb), self);
    gtk_list_view_set_factory (self->bookmarks_view, factory);
    g_signal_connect (self->bookmarks_view, "activate", G_CALLBACK (bookmark_activate_cb), self);
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (bookmark_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->bookmarks_view), keys);

    self->bookmark_filter = gtk_custom_filter_new (bookmark_matches, self, NULL);
    g_signal_connect_swapped (self->bookmarks_filter, "search-changed",
                              G_CALLBACK (bookmarks_filter_changed_cb), self);
    update_bookmarks_empty (self);
  }

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      Section *section = &self->sections[i];
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      GtkEventController *controller;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
      gtk_list_view_set_factory (section->view, factory);

      g_signal_connect (section->view, "activate", G_CALLBACK (activate_cb), self);

      /* Both run before the list's own handlers: the capture phase. */
      controller = gtk_event_controller_key_new ();
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (section->view), controller);

      controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_PRIMARY);
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect (controller, "pressed", G_CALLBACK (pressed_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (section->view), controller);

      set_section_model (self, i);
    }
}

/**
 * charter_sidebar_new:
 *
 * Returns: (transfer floating): a new sidebar, without a knowledge base
 */
GtkWidget *
charter_sidebar_new (void)
{
  return g_object_new (CHARTER_TYPE_SIDEBAR, NULL);
}

/**
 * charter_sidebar_get_knowledge_base:
 * @self: a sidebar
 *
 * Returns: (transfer none) (nullable): the knowledge base shown
 */
CharterKnowledgeBase *
charter_sidebar_get_knowledge_base (CharterSidebar *self)
{
  g_return_val_if_fail (CHARTER_IS_SIDEBAR (self), NULL);

  return self->knowledge_base;
}

/**
 * charter_sidebar_set_knowledge_base:
 * @self: a sidebar
 * @knowledge_base: (nullable): the knowledge base to show
 *
 * Shows the topics and principles of @knowledge_base, nothing selected, every topic
 * collapsed.
 */
void
charter_sidebar_set_knowledge_base (CharterSidebar       *self,
                                    CharterKnowledgeBase *knowledge_base)
{
  g_return_if_fail (CHARTER_IS_SIDEBAR (self));
  g_return_if_fail (!knowledge_base || CHARTER_IS_KNOWLEDGE_BASE (knowledge_base));

  if (!g_set_object (&self->knowledge_base, knowledge_base))
    return;

  for (guint i = 0; i < N_SECTIONS; i++)
    set_section_model (self, i);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KNOWLEDGE_BASE]);
}

/**
 * charter_sidebar_get_selected_entry:
 * @self: a sidebar
 *
 * Returns: (transfer none) (nullable): the selected topic or principle
 */
CharterEntry *
charter_sidebar_get_selected_entry (CharterSidebar *self)
{
  g_return_val_if_fail (CHARTER_IS_SIDEBAR (self), NULL);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      Section *section = &self->sections[i];
      guint position = gtk_single_selection_get_selected (section->selection);
      CharterEntry *entry;

      if (position == GTK_INVALID_LIST_POSITION)
        continue;

      /* The knowledge base, which the sidebar holds, keeps the entry alive. */
      entry = get_entry (section, position);
      g_object_unref (entry);
      return entry;
    }

  return NULL;
}

/**
 * charter_sidebar_select_entry:
 * @self: a sidebar
 * @entry: (nullable): a topic or principle of the sidebar's knowledge base
 *
 * Selects the row of @entry, expanding the topics above it and scrolling it into view,
 * without emitting #CharterSidebar::entry-activated: for when the window shows an entry by
 * other means, such as going back in history. Any other entry, or %NULL, leaves nothing
 * selected.
 */
void
charter_sidebar_select_entry (CharterSidebar *self,
                              CharterEntry   *entry)
{
  Section *section = NULL;
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (CHARTER_IS_SIDEBAR (self));
  g_return_if_fail (!entry || CHARTER_IS_ENTRY (entry));

  if (entry != NULL && CHARTER_IS_TOPIC (entry))
    {
      g_autoptr(GtkTreeListRow) row = reveal_topic (self, CHARTER_TOPIC (entry));

      section = &self->sections[SECTION_TOPICS];
      if (row != NULL)
        position = gtk_tree_list_row_get_position (row);
    }
  else if (entry != NULL && CHARTER_IS_PRINCIPLE (entry) && self->knowledge_base != NULL)
    {
      GListModel *principles = charter_knowledge_base_get_principles (self->knowledge_base);

      /* Principles are flat: a principle's row is at its place in the list. */
      section = &self->sections[SECTION_PRINCIPLES];
      if (!find_item (principles, entry, &position))
        position = GTK_INVALID_LIST_POSITION;
    }

  self->silent++;
  if (position == GTK_INVALID_LIST_POSITION)
    unselect_all_but (self, NULL);
  else
    gtk_single_selection_set_selected (section->selection, position);
  self->silent--;

  if (position != GTK_INVALID_LIST_POSITION)
    queue_reveal_selection (self);
}
