/* charter-document-view.c: one document, its header and its body, for reading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-document-view"

#include "config.h"

#include "charter-document-view.h"
#include "charter-tokenizer.h"

#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

/* Lines longer than about 75 characters are hard to read: the eye loses its
 * place on the way back to the start of the next one.
 */
#define MEASURE_CHARS  75
#define FALLBACK_WIDTH 720
/* Each level of block quote or list moves the text this far to the right. */
#define INDENT_STEP    28
/* Deeper nesting is drawn at this depth, so that the text keeps some room. */
#define MAX_DEPTH      8

/* Links take their colour from the libadwaita palette (accent_color) so that
 * they stay readable on both the light and the dark background.
 */
#define LINK_LIGHT     "#1c71d8"
#define LINK_DARK      "#78aeed"
#define LINK_LIGHT_HC  "#1a5fb4"
#define LINK_DARK_HC   "#99c1f1"
#define DIM_LIGHT      "rgba(0,0,0,0.6)"
#define DIM_DARK       "rgba(255,255,255,0.6)"
/* Grey with alpha is a shade darker on white and lighter on near-black. */
#define CODE_BACKGROUND       "rgba(127,127,127,0.15)"
#define CODE_BLOCK_BACKGROUND "rgba(127,127,127,0.10)"
/* Search hits are green and the matches of the find bar yellow, the one the
 * reader is on orange, so that both can be told apart on one page. Over
 * light text the same colours are deeper. In high contrast they are solid,
 * under black text, whatever the style.
 */
#define HIT_LIGHT          "rgba(87,227,137,0.45)"
#define HIT_DARK           "rgba(46,194,126,0.40)"
#define HIT_HC             "#8ff0a4"
#define FIND_LIGHT         "rgba(246,211,45,0.40)"
#define FIND_DARK          "rgba(246,211,45,0.28)"
#define FIND_HC            "#f9f06b"
#define FIND_CURRENT_LIGHT "rgba(255,120,0,0.55)"
#define FIND_CURRENT_DARK  "rgba(255,120,0,0.55)"
#define FIND_CURRENT_HC    "#ffa348"
#define HIGHLIGHT_TEXT_HC  "#000000"
/* Matches found at most: beyond, the count says so and stops. */
#define MAX_MATCHES    10000

/* A stretch of the body that activates one URL. Stored sorted by start and
 * without overlaps, so that finding the link at an offset is a binary search.
 */
typedef struct
{
  guint       start;
  guint       end;
  /* Points into the displayed CharterRichText. */
  const char *url;
} LinkRange;

/* A search hit or a match of the find bar, in characters of the body. */
typedef struct
{
  guint start;
  guint end;
} OffsetRange;

/* A block quote or list item that encloses the spans after it. */
typedef struct
{
  guint    end;
  gboolean is_item;
} Container;

struct _CharterDocumentView
{
  GtkWidget          parent_instance;

  GtkScrolledWindow *scrolled_window;
  AdwClamp          *clamp;
  AdwClampScrollable *text_clamp;
  GtkWidget         *header;
  GtkLabel          *title_label;
  GtkLabel          *source_label;
  GtkLabel          *entries_label;
  GtkLabel          *empty_label;
  GtkTextView       *text_view;
  GtkSearchBar      *find_bar;
  GtkSearchEntry    *find_entry;
  GtkLabel          *find_count;

  CharterDocument   *document;
  /* What the buffer shows; the link URLs point into it. */
  CharterRichText   *rich_text;
  GArray            *links;

  /* Created once in init, in order of rising priority. */
  GtkTextTag        *gap_tag;
  GtkTextTag        *list_item_tag;
  GtkTextTag        *code_block_tag;
  GtkTextTag        *code_block_first_tag;
  GtkTextTag        *code_block_last_tag;
  GtkTextTag        *quote_tag;
  GtkTextTag        *indent_tags[MAX_DEPTH];
  GtkTextTag        *heading_tags[6];
  GtkTextTag        *thematic_break_tag;
  GtkTextTag        *emphasis_tag;
  GtkTextTag        *strong_tag;
  GtkTextTag        *code_tag;
  GtkTextTag        *link_tag;
  /* Search hits and the matches of the find bar, painted above everything
   * else. Both hold OffsetRanges.
   */
  GtkTextTag        *hit_tag;
  GArray            *hits;
  GtkTextTag        *find_tag;
  GtkTextTag        *find_current_tag;
  GArray            *matches;
  int                current_match;
  gboolean           too_many_matches;
  /* What the matches were found for, to know when the entry has moved on. */
  char              *find_text;
  /* The body folded for finding while the bar is open, and for each of its
   * bytes the character of the body it came from.
   */
  GString           *folded;
  GArray            *folded_owners;
  /* Hanging indents of list markers by depth and marker width in pixels:
   * few distinct ones, made on first use and kept until the font changes.
   */
  GHashTable        *marker_tags;
  /* Marker text ("• ", "12. ") → width in pixels in the body font. */
  GHashTable        *marker_widths;

  int                base_margin;
  gboolean           over_link;
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

enum {
  SIGNAL_OPEN_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CharterDocumentView, charter_document_view, GTK_TYPE_WIDGET)

static const LinkRange *
find_link (CharterDocumentView *self,
           guint                offset)
{
  guint low = 0;
  guint high = self->links->len;

  /* The last range that starts at or before offset is the only candidate. */
  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (self->links, LinkRange, mid).start <= offset)
        low = mid + 1;
      else
        high = mid;
    }

  if (low > 0)
    {
      const LinkRange *range = &g_array_index (self->links, LinkRange, low - 1);

      if (offset < range->end)
        return range;
    }

  return NULL;
}

static const LinkRange *
find_link_at_position (CharterDocumentView *self,
                       double               x,
                       double               y)
{
  GtkTextIter iter;
  int buffer_x;
  int buffer_y;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &buffer_x, &buffer_y);

  /* FALSE means the pointer is past the end of a line or below the text. */
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, buffer_x, buffer_y))
    return NULL;

  return find_link (self, (guint) gtk_text_iter_get_offset (&iter));
}

static guint
get_cursor_offset (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));

  return (guint) gtk_text_iter_get_offset (&iter);
}

static void
add_link_range (GArray     *links,
                guint       start,
                guint       end,
                const char *url)
{
  LinkRange range = { start, end, url };

  if (start < end)
    g_array_append_val (links, range);
}

/* Link spans nest when an image sits inside a link: the inner one wins
 * where they overlap, and the outer one is cut around it. Ends the open
 * links that stop at or before upto.
 */
static void
close_links (GArray *links,
             GArray *open,
             guint  *position,
             guint   upto)
{
  while (open->len > 0)
    {
      LinkRange *top = &g_array_index (open, LinkRange, open->len - 1);
      guint stop = MIN (top->end, upto);

      add_link_range (links, MAX (*position, top->start), stop, top->url);
      *position = MAX (*position, stop);

      if (top->end > upto)
        break;

      g_array_set_size (open, open->len - 1);
    }
}

static int
get_depth_margin (CharterDocumentView *self,
                  guint                depth)
{
  return self->base_margin + INDENT_STEP * (int) depth;
}

static int
measure_marker (CharterDocumentView *self,
                const GtkTextIter   *start,
                const GtkTextIter   *end)
{
  g_autofree char *marker = gtk_text_iter_get_text (start, end);
  g_autoptr(PangoLayout) layout = NULL;
  gpointer width;
  int pixels;

  if (g_hash_table_lookup_extended (self->marker_widths, marker, NULL, &width))
    return GPOINTER_TO_INT (width);

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view), marker);
  pango_layout_get_pixel_size (layout, &pixels, NULL);
  g_hash_table_insert (self->marker_widths, g_steal_pointer (&marker), GINT_TO_POINTER (pixels));

  return pixels;
}

/* The first line of a list item hangs its marker to the left, so that the
 * wrapped lines of the item line up with its text and not with its marker.
 */
static GtkTextTag *
get_marker_tag (CharterDocumentView *self,
                guint                depth,
                int                  width)
{
  GtkTextTag *tag;
  guint key;

  width = CLAMP (width, 0, INDENT_STEP * 4);
  key = depth << 16 | (guint) width;
  tag = g_hash_table_lookup (self->marker_tags, GUINT_TO_POINTER (key));

  if (tag == NULL)
    {
      tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->text_view), NULL,
                                        "left-margin", get_depth_margin (self, depth),
                                        "indent", -width,
                                        NULL);
      g_hash_table_insert (self->marker_tags, GUINT_TO_POINTER (key), tag);
    }

  return tag;
}

static void
forget_markers (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GHashTableIter iter;
  gpointer tag;

  g_hash_table_iter_init (&iter, self->marker_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    gtk_text_tag_table_remove (table, tag);

  g_hash_table_remove_all (self->marker_tags);
  g_hash_table_remove_all (self->marker_widths);
}

static void
apply_tag (GtkTextBuffer *buffer,
           GtkTextTag    *tag,
           guint          start,
           guint          end)
{
  GtkTextIter start_iter;
  GtkTextIter end_iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, (int) end);
  gtk_text_buffer_apply_tag (buffer, tag, &start_iter, &end_iter);
}

static void
apply_list_item (CharterDocumentView *self,
                 const CharterSpan   *span,
                 guint                depth)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start;
  GtkTextIter marker_end;
  GtkTextIter end;
  int width;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) span->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) span->end);
  marker_end = start;
  gtk_text_iter_forward_chars (&marker_end, (int) span->marker_length);

  gtk_text_buffer_apply_tag (buffer, self->list_item_tag, &start, &end);
  gtk_text_buffer_apply_tag (buffer, self->indent_tags[depth - 1], &start, &end);

  width = measure_marker (self, &start, &marker_end);
  gtk_text_buffer_apply_tag (buffer, get_marker_tag (self, depth, width), &start, &marker_end);
}

static void
apply_code_block (CharterDocumentView *self,
                  const CharterSpan   *span)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter last_line;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) span->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) span->end);
  gtk_text_buffer_apply_tag (buffer, self->code_block_tag, &start, &end);

  /* The lines of a block sit tight; only its first and last line keep a
   * little of the shaded background above and below the code.
   */
  last_line = end;
  gtk_text_iter_set_line_offset (&last_line, 0);
  end = start;
  gtk_text_iter_forward_char (&end);
  gtk_text_buffer_apply_tag (buffer, self->code_block_first_tag, &start, &end);
  end = last_line;
  gtk_text_iter_forward_char (&end);
  gtk_text_buffer_apply_tag (buffer, self->code_block_last_tag, &last_line, &end);
}

/* List items and code blocks sit tighter than paragraphs, so the block after
 * the last of them needs the paragraph gap back.
 */
static void
apply_gap (CharterDocumentView *self,
           guint                offset)
{
  apply_tag (gtk_text_view_get_buffer (self->text_view), self->gap_tag, offset, offset + 1);
}

static void
render_body (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GArray) containers = NULL;
  g_autoptr(GArray) open_links = NULL;
  GtkTextIter start;
  guint link_position = 0;
  guint gap_at = G_MAXUINT;
  guint n_spans;

  g_array_set_size (self->links, 0);
  g_clear_pointer (&self->rich_text, charter_rich_text_unref);

  if (self->document == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      return;
    }

  self->rich_text = charter_document_render (self->document);
  gtk_text_buffer_set_text (buffer, charter_rich_text_get_text (self->rich_text), -1);

  containers = g_array_new (FALSE, FALSE, sizeof (Container));
  open_links = g_array_new (FALSE, FALSE, sizeof (LinkRange));
  n_spans = charter_rich_text_get_n_spans (self->rich_text);

  /* Spans come sorted by start, enclosing spans first, so one pass knows at
   * each span how deeply it is nested in quotes and lists.
   */
  for (guint i = 0; i < n_spans; i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (self->rich_text, i);
      gboolean item_ended = FALSE;
      guint depth;

      while (containers->len > 0)
        {
          Container *top = &g_array_index (containers, Container, containers->len - 1);

          if (top->end > span->start)
            break;
          if (top->is_item && top->end + 1 == span->start)
            item_ended = TRUE;
          g_array_set_size (containers, containers->len - 1);
        }

      if (span->start == gap_at || item_ended)
        {
          if (span->kind != CHARTER_SPAN_LIST_ITEM)
            apply_gap (self, span->start);
          gap_at = G_MAXUINT;
        }

      depth = MIN (containers->len + 1, MAX_DEPTH);

      switch (span->kind)
        {
        case CHARTER_SPAN_HEADING:
          apply_tag (buffer, self->heading_tags[CLAMP (span->level, 1, 6) - 1],
                     span->start, span->end);
          break;

        case CHARTER_SPAN_EMPHASIS:
          apply_tag (buffer, self->emphasis_tag, span->start, span->end);
          break;

        case CHARTER_SPAN_STRONG:
          apply_tag (buffer, self->strong_tag, span->start, span->end);
          break;

        case CHARTER_SPAN_CODE:
          apply_tag (buffer, self->code_tag, span->start, span->end);
          break;

        case CHARTER_SPAN_CODE_BLOCK:
          apply_code_block (self, span);
          gap_at = span->end + 1;
          break;

        case CHARTER_SPAN_BLOCK_QUOTE:
          apply_tag (buffer, self->quote_tag, span->start, span->end);
          apply_tag (buffer, self->indent_tags[depth - 1], span->start, span->end);
          g_array_append_vals (containers, &(Container) { span->end, FALSE }, 1);
          break;

        case CHARTER_SPAN_LIST_ITEM:
          apply_list_item (self, span, depth);
          g_array_append_vals (containers, &(Container) { span->end, TRUE }, 1);
          break;

        case CHARTER_SPAN_LINK:
          /* A link with nowhere to go is shown as the text it is. */
          if (span->url == NULL || span->url[0] == '\0')
            break;
          apply_tag (buffer, self->link_tag, span->start, span->end);
          close_links (self->links, open_links, &link_position, span->start);
          link_position = span->start;
          g_array_append_vals (open_links, &(LinkRange) { span->start, span->end, span->url }, 1);
          break;

        case CHARTER_SPAN_THEMATIC_BREAK:
          apply_tag (buffer, self->thematic_break_tag, span->start, span->end);
          break;

        case CHARTER_SPAN_PARAGRAPH:
        default:
          break;
        }
    }

  close_links (self->links, open_links, &link_position, G_MAXUINT);

  /* A new document is read from its start, not from where the last one was. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

/* Dates are stored as YYYY-MM-DD; readers see them as their language writes them. */
static char *
format_date (const char *date)
{
  g_autoptr(GDateTime) date_time = NULL;
  guint year;
  guint month;
  guint day;

  if (sscanf (date, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return g_strdup (date);

  date_time = g_date_time_new_utc ((int) year, (int) month, (int) day, 0, 0, 0);
  if (date_time == NULL)
    return g_strdup (date);

  /* Translators: the date of a document, in the notation of
   * g_date_time_format(); "%-e %B %Y" reads "1 March 2017".
   * xgettext:no-c-format
   */
  return g_date_time_format (date_time, _("%-e %B %Y"));
}

static char *
build_source_markup (CharterDocument *document)
{
  const char *date = charter_document_get_date (document);
  const char *publisher = charter_document_get_source_publisher (document);
  const char *url = charter_document_get_source_url (document);
  g_autofree char *date_markup = NULL;
  g_autofree char *source_markup = NULL;

  if (date != NULL)
    {
      g_autofree char *formatted = format_date (date);

      date_markup = g_markup_escape_text (formatted, -1);
    }

  if (url != NULL)
    {
      g_autofree char *escaped_url = g_markup_escape_text (url, -1);
      g_autofree char *escaped_text = g_markup_escape_text (publisher != NULL ? publisher : url,
                                                            -1);

      /* The title is the link's tooltip: the reader sees where it leads. */
      source_markup = g_strdup_printf ("<a href=\"%s\" title=\"%s\">%s</a>",
                                       escaped_url, escaped_url, escaped_text);
    }
  else if (publisher != NULL)
    {
      source_markup = g_markup_escape_text (publisher, -1);
    }

  if (date_markup != NULL && source_markup != NULL)
    /* Translators: a document's date, then who published it. */
    return g_strdup_printf (_("%s · %s"), date_markup, source_markup);

  if (date_markup != NULL)
    return g_steal_pointer (&date_markup);

  return g_steal_pointer (&source_markup);
}

/* Returns NULL when the list is empty. */
static char *
build_entry_links (GListModel *entries)
{
  guint n_entries = g_list_model_get_n_items (entries);
  g_autoptr(GString) markup = NULL;

  if (n_entries == 0)
    return NULL;

  markup = g_string_new (NULL);

  for (guint i = 0; i < n_entries; i++)
    {
      g_autoptr(CharterEntry) entry = g_list_model_get_item (entries, i);
      const char *summary = charter_entry_get_summary (entry);
      g_autofree char *id = g_markup_escape_text (charter_entry_get_id (entry), -1);
      g_autofree char *title = g_markup_escape_text (charter_entry_get_title (entry), -1);

      if (i > 0)
        /* Translators: separates the names of topics or principles. */
        g_string_append (markup, _(", "));

      g_string_append_printf (markup, "<a href=\"kb:%s\"", id);
      if (summary != NULL && summary[0] != '\0')
        {
          g_autofree char *tooltip = g_markup_escape_text (summary, -1);

          g_string_append_printf (markup, " title=\"%s\"", tooltip);
        }
      g_string_append_printf (markup, ">%s</a>", title);
    }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static char *
build_entries_markup (CharterDocument *document)
{
  g_autofree char *topics = build_entry_links (charter_document_get_topics (document));
  g_autofree char *principles = build_entry_links (charter_document_get_principles (document));
  g_autofree char *topics_part = NULL;
  g_autofree char *principles_part = NULL;

  if (topics != NULL)
    /* Translators: followed by links to the topics a document is filed under. */
    topics_part = g_strdup_printf (_("Topics: %s"), topics);

  if (principles != NULL)
    /* Translators: followed by links to the principles a document discusses. */
    principles_part = g_strdup_printf (_("Principles: %s"), principles);

  if (topics_part != NULL && principles_part != NULL)
    /* Translators: joins the list of topics and the list of principles. */
    return g_strdup_printf (_("%s · %s"), topics_part, principles_part);

  if (topics_part != NULL)
    return g_steal_pointer (&topics_part);

  return g_steal_pointer (&principles_part);
}

static void
set_label_markup (GtkLabel   *label,
                  const char *markup)
{
  gtk_widget_set_visible (GTK_WIDGET (label), markup != NULL);
  gtk_label_set_markup (label, markup != NULL ? markup : "");

  /* Screen readers read the words of the line, without its markup. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (label),
                                  -1);
}

static void
render_header (CharterDocumentView *self)
{
  g_autofree char *source_markup = NULL;
  g_autofree char *entries_markup = NULL;
  const char *title;

  gtk_widget_set_visible (self->header, self->document != NULL);

  if (self->document == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      set_label_markup (self->source_label, NULL);
      set_label_markup (self->entries_label, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->text_view),
                                     GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  title = charter_entry_get_title (CHARTER_ENTRY (self->document));
  gtk_label_set_text (self->title_label, title);

  source_markup = build_source_markup (self->document);
  set_label_markup (self->source_label, source_markup);

  entries_markup = build_entries_markup (self->document);
  set_label_markup (self->entries_label, entries_markup);

  /* The body has no heading of its own for a screen reader to announce. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

static void
update_find_count (CharterDocumentView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  g_autofree char *count = NULL;

  if (*text == '\0')
    count = g_strdup ("");
  else if (self->matches->len == 0)
    count = g_strdup (_("No matches"));
  else if (self->too_many_matches)
    /* Translators: the match the reader is on, then how many were counted
     * before the count stopped: "3 of 10000+".
     */
    count = g_strdup_printf (_("%u of %u+"), (guint) self->current_match + 1,
                             self->matches->len);
  else
    /* Translators: the match the reader is on, then how many there are: "3 of 17". */
    count = g_strdup_printf (_("%u of %u"), (guint) self->current_match + 1,
                             self->matches->len);

  gtk_label_set_label (self->find_count, count);
}

/* The buttons go grey, and Ctrl+G is left to others, while there is nowhere to go. */
static void
update_find_actions (CharterDocumentView *self)
{
  gboolean any = self->matches->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "find.next", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "find.previous", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "find.close",
                                 gtk_search_bar_get_search_mode (self->find_bar));
}

static void
forget_folded (CharterDocumentView *self)
{
  if (self->folded != NULL)
    g_string_free (g_steal_pointer (&self->folded), TRUE);
  g_clear_pointer (&self->folded_owners, g_array_unref);
}

static void
clear_matches (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->find_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->find_current_tag, &start, &end);
  g_array_set_size (self->matches, 0);
  self->current_match = -1;
  self->too_many_matches = FALSE;
  g_clear_pointer (&self->find_text, g_free);
}

/* Appends @c to @folded as search folds it (case, accents and compatibility
 * forms aside). If @owners is not %NULL, it records @offset once for each
 * byte appended, so that a match in @folded leads back to the characters of
 * the text.
 */
static void
fold_char (GString  *folded,
           GArray   *owners,
           gunichar  c,
           guint     offset)
{
  gsize before = folded->len;

  if (c < 0x80)
    {
      g_string_append_c (folded, g_ascii_tolower ((char) c));
    }
  else
    {
      char buffer[CHARTER_FOLD_MAX];
      gsize n = charter_unichar_fold (c, FALSE, buffer);

      g_string_append_len (folded, buffer, (gssize) n);
    }

  if (owners != NULL)
    for (gsize i = before; i < folded->len; i++)
      g_array_append_val (owners, offset);
}

static GString *
fold (const char *text,
      GArray     *owners)
{
  GString *folded = g_string_sized_new (strlen (text) + 1);
  guint offset = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), offset++)
    fold_char (folded, owners, g_utf8_get_char (p), offset);

  return folded;
}

/* The body folded once per document, not once per keystroke: a long
 * document takes a moment to fold.
 */
static void
ensure_folded (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->folded != NULL)
    return;

  /* The slice keeps one character for each embedded object, so that the
   * offsets recorded agree with the buffer's.
   */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
  self->folded_owners = g_array_sized_new (FALSE, FALSE, sizeof (guint), strlen (text));
  self->folded = fold (text, self->folded_owners);
}

static void
show_match (CharterDocumentView *self,
            int                  index)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  const OffsetRange *match;

  if (self->matches->len == 0)
    return;

  if (self->current_match >= 0)
    {
      match = &g_array_index (self->matches, OffsetRange, self->current_match);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) match->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) match->end);
      gtk_text_buffer_remove_tag (buffer, self->find_current_tag, &start, &end);
    }

  /* Both ways round: past the last is the first, before the first the last. */
  index %= (int) self->matches->len;
  if (index < 0)
    index += (int) self->matches->len;
  self->current_match = index;

  match = &g_array_index (self->matches, OffsetRange, index);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) match->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) match->end);
  gtk_text_buffer_apply_tag (buffer, self->find_current_tag, &start, &end);
  /* Selected, so that closing the bar leaves the reader at the match with
   * the word ready to copy.
   */
  gtk_text_buffer_select_range (buffer, &start, &end);
  /* A mark, not an iter: it scrolls right even before the text is laid out. */
  gtk_text_view_scroll_to_mark (self->text_view, gtk_text_buffer_get_insert (buffer),
                                0.2, FALSE, 0.0, 0.0);
  update_find_count (self);
}

/* Back to front: the text before each match is then still untouched, so
 * that the buffer finds its place quickly even when thousands of matches
 * share one paragraph. Front to back takes seconds there.
 */
static void
paint_matches (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  for (guint i = self->matches->len; i-- > 0; )
    {
      const OffsetRange *match = &g_array_index (self->matches, OffsetRange, i);

      apply_tag (buffer, self->find_tag, match->start, match->end);
    }
}

/* Finds every match of the bar's text, case and accents aside, and goes to
 * the first one from the caret on, so that the reader stays where they are.
 */
static void
find_matches (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  g_autoptr(GString) needle = NULL;
  GtkTextIter cursor;
  guint cursor_offset;
  int first = 0;

  clear_matches (self);
  self->find_text = g_strdup (text);

  needle = fold (text, NULL);
  if (needle->len > 0)
    {
      const guint *owners;
      guint n_chars = (guint) gtk_text_buffer_get_char_count (buffer);

      ensure_folded (self);
      owners = (const guint *) (gpointer) self->folded_owners->data;
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      cursor_offset = (guint) gtk_text_iter_get_offset (&cursor);

      for (const char *p = strstr (self->folded->str, needle->str);
           p != NULL;
           p = strstr (p + needle->len, needle->str))
        {
          gsize at = (gsize) (p - self->folded->str);
          gsize after = at + needle->len;
          OffsetRange match;

          if (self->matches->len >= MAX_MATCHES)
            {
              self->too_many_matches = TRUE;
              break;
            }

          /* The match takes in the accents after its last letter, which
           * fold to nothing, but never half a character.
           */
          match.start = owners[at];
          match.end = after < self->folded->len ? MAX (owners[after - 1] + 1, owners[after])
                                                : n_chars;

          if (match.start < cursor_offset)
            first = (int) self->matches->len + 1;
          g_array_append_val (self->matches, match);
        }
    }

  paint_matches (self);
  update_find_actions (self);
  if (self->matches->len > 0)
    show_match (self, first);
  else
    update_find_count (self);
}

/* Enter can come before the entry has reported the last keystroke: then
 * the new text is found first, and that is the move.
 */
static gboolean
catch_up (CharterDocumentView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));

  if (g_strcmp0 (text, self->find_text) == 0)
    return FALSE;

  find_matches (self);
  return TRUE;
}

static void
find_next (CharterDocumentView *self)
{
  if (!catch_up (self))
    show_match (self, self->current_match + 1);
}

static void
find_previous (CharterDocumentView *self)
{
  if (!catch_up (self))
    show_match (self, self->current_match - 1);
}

static void
close_find (CharterDocumentView *self)
{
  /* The reader goes on from the match they were on, selected again: a
   * display has one primary selection, and the entry may have taken it.
   */
  if (self->current_match >= 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      const OffsetRange *match = &g_array_index (self->matches, OffsetRange,
                                                 self->current_match);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) match->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) match->end);
      gtk_text_buffer_select_range (buffer, &start, &end);
    }

  /* The rest follows from search_mode_cb(), however the bar closes. */
  gtk_search_bar_set_search_mode (self->find_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
find_changed_cb (CharterDocumentView *self,
                 GtkSearchEntry      *entry)
{
  /* After charter_document_view_find() the entry reports, late, the text
   * that was found already.
   */
  catch_up (self);
}

static void
find_next_cb (CharterDocumentView *self,
              GtkSearchEntry      *entry)
{
  find_next (self);
}

static void
find_previous_cb (CharterDocumentView *self,
                  GtkSearchEntry      *entry)
{
  find_previous (self);
}

static void
find_stop_cb (CharterDocumentView *self,
              GtkSearchEntry      *entry)
{
  close_find (self);
}

static gboolean
find_key_pressed_cb (CharterDocumentView   *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  /* Enter is the entry's "activate"; Shift+Enter has no signal of its own. */
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & gtk_accelerator_get_default_mod_mask ()) == GDK_SHIFT_MASK)
    {
      find_previous (self);
      return TRUE;
    }

  return FALSE;
}

static void
search_mode_cb (CharterDocumentView *self,
                GParamSpec          *pspec,
                GtkSearchBar        *bar)
{
  gboolean finding = gtk_search_bar_get_search_mode (bar);

  /* While finding, the selection is the match the reader is on, and
   * style.css colours it as such.
   */
  if (finding)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "finding");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "finding");
      clear_matches (self);
      forget_folded (self);
      update_find_count (self);
    }

  update_find_actions (self);
}

static void
find_show_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (widget);

  gtk_search_bar_set_search_mode (self->find_bar, TRUE);
  /* Ctrl+F again, with the bar open, selects the text to type over it. */
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  find_next (CHARTER_DOCUMENT_VIEW (widget));
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  find_previous (CHARTER_DOCUMENT_VIEW (widget));
}

static void
find_close_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  close_find (CHARTER_DOCUMENT_VIEW (widget));
}

static void
render (CharterDocumentView *self)
{
  gboolean empty;

  render_header (self);
  render_body (self);
  forget_folded (self);

  empty = self->rich_text != NULL && charter_rich_text_get_length (self->rich_text) == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  gtk_widget_set_visible (GTK_WIDGET (self->text_view), !empty);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0.0);

  /* The hits went with the old text. The matches are found again in the
   * new one if the bar is open, and scroll to the first one.
   */
  g_array_set_size (self->hits, 0);
  if (gtk_search_bar_get_search_mode (self->find_bar))
    find_matches (self);
  else
    clear_matches (self);
}

/* Rendering the body again loses the tags laid over it: hits and matches. */
static void
repaint_highlights (CharterDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  for (guint i = 0; i < self->hits->len; i++)
    {
      const OffsetRange *hit = &g_array_index (self->hits, OffsetRange, i);

      apply_tag (buffer, self->hit_tag, hit->start, hit->end);
    }

  if (gtk_search_bar_get_search_mode (self->find_bar))
    find_matches (self);
}

/* @property is "foreground-rgba" or "background-rgba"; a %NULL @color
 * unsets it, so that the colour of the text around shows through.
 */
static void
set_tag_color (GtkTextTag *tag,
               const char *property,
               const char *color)
{
  GdkRGBA rgba;

  if (color == NULL)
    {
      /* The flag is named after the colour, not after its RGBA form. */
      g_autofree char *set_property = g_strdup_printf ("%.*s-set",
                                                       (int) strcspn (property, "-"),
                                                       property);

      g_object_set (tag, set_property, FALSE, NULL);
      return;
    }

  if (gdk_rgba_parse (&rgba, color))
    g_object_set (tag, property, &rgba, NULL);
}

static void
update_colors (CharterDocumentView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gboolean high_contrast = adw_style_manager_get_high_contrast (manager);
  const char *link;
  const char *dim;

  if (high_contrast)
    link = dark ? LINK_DARK_HC : LINK_LIGHT_HC;
  else
    link = dark ? LINK_DARK : LINK_LIGHT;

  /* High contrast means no dimmed text at all. */
  if (high_contrast)
    dim = NULL;
  else
    dim = dark ? DIM_DARK : DIM_LIGHT;

  set_tag_color (self->link_tag, "foreground-rgba", link);
  set_tag_color (self->quote_tag, "foreground-rgba", dim);
  set_tag_color (self->thematic_break_tag, "foreground-rgba", dim);

  if (high_contrast)
    {
      set_tag_color (self->hit_tag, "background-rgba", HIT_HC);
      set_tag_color (self->find_tag, "background-rgba", FIND_HC);
      set_tag_color (self->find_current_tag, "background-rgba", FIND_CURRENT_HC);
    }
  else
    {
      set_tag_color (self->hit_tag, "background-rgba", dark ? HIT_DARK : HIT_LIGHT);
      set_tag_color (self->find_tag, "background-rgba", dark ? FIND_DARK : FIND_LIGHT);
      set_tag_color (self->find_current_tag, "background-rgba",
                     dark ? FIND_CURRENT_DARK : FIND_CURRENT_LIGHT);
    }

  /* White text on a solid yellow would be hard to read. */
  set_tag_color (self->hit_tag, "foreground-rgba", high_contrast ? HIGHLIGHT_TEXT_HC : NULL);
  set_tag_color (self->find_tag, "foreground-rgba", high_contrast ? HIGHLIGHT_TEXT_HC : NULL);
  set_tag_color (self->find_current_tag, "foreground-rgba",
                 high_contrast ? HIGHLIGHT_TEXT_HC : NULL);
}

/* The column is as wide as 75 average characters of the body font. */
static void
update_measure (CharterDocumentView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->text_view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = pango_font_metrics_get_approximate_char_width (metrics);
  int width = FALLBACK_WIDTH;

  if (char_width > 0)
    width = PANGO_PIXELS (char_width * MEASURE_CHARS) +
            gtk_text_view_get_left_margin (self->text_view) +
            gtk_text_view_get_right_margin (self->text_view);

  adw_clamp_set_maximum_size (self->clamp, width);
  adw_clamp_set_tightening_threshold (self->clamp, width);
  adw_clamp_scrollable_set_maximum_size (self->text_clamp, width);
  adw_clamp_scrollable_set_tightening_threshold (self->text_clamp, width);

  pango_font_metrics_unref (metrics);
}

static gboolean
activate_link_cb (CharterDocumentView *self,
                  const char          *uri,
                  GtkLabel            *label)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_LINK], 0, uri);

  /* The window decides what a link does; GTK must not open it. */
  return TRUE;
}

static void
click_released_cb (CharterDocumentView *self,
                   int                  n_press,
                   double               x,
                   double               y,
                   GtkGestureClick     *gesture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const LinkRange *link;

  /* Releasing the button after dragging over a link selects, not follows. */
  if (gtk_text_buffer_get_has_selection (buffer))
    return;

  link = find_link_at_position (self, x, y);
  if (link != NULL)
    charter_document_view_activate_link_at (self, link->start);
}

static gboolean
key_pressed_cb (CharterDocumentView   *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;

  return charter_document_view_activate_link_at (self, get_cursor_offset (self));
}

static void
motion_cb (CharterDocumentView      *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  gboolean over_link = find_link_at_position (self, x, y) != NULL;

  if (over_link == self->over_link)
    return;

  self->over_link = over_link;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view), over_link ? "pointer" : "text");
}

static gboolean
query_tooltip_cb (CharterDocumentView *self,
                  int                  x,
                  int                  y,
                  gboolean             keyboard_mode,
                  GtkTooltip          *tooltip,
                  GtkTextView         *text_view)
{
  const LinkRange *link;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  GdkRectangle area;

  if (keyboard_mode)
    link = find_link (self, get_cursor_offset (self));
  else
    link = find_link_at_position (self, x, y);

  if (link == NULL)
    return FALSE;

  /* Outside this rectangle GTK asks again, so the tooltip follows the
   * pointer from one link to the next.
   */
  buffer = gtk_text_view_get_buffer (text_view);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      keyboard_mode ? (int) get_cursor_offset (self) :
                                                      (int) link->start);
  if (!keyboard_mode)
    {
      int buffer_x;
      int buffer_y;

      gtk_text_view_window_to_buffer_coords (text_view, GTK_TEXT_WINDOW_WIDGET,
                                             x, y, &buffer_x, &buffer_y);
      gtk_text_view_get_iter_at_location (text_view, &iter, buffer_x, buffer_y);
    }
  gtk_text_view_get_iter_location (text_view, &iter, &area);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET,
                                         area.x, area.y, &area.x, &area.y);
  gtk_tooltip_set_tip_area (tooltip, &area);
  gtk_tooltip_set_text (tooltip, link->url);

  return TRUE;
}

static void
charter_document_view_root (GtkWidget *widget)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (widget);

  GTK_WIDGET_CLASS (charter_document_view_parent_class)->root (widget);

  /* Only now does the text view know the display, and so its font. */
  update_measure (self);
}

static void
charter_document_view_system_setting_changed (GtkWidget        *widget,
                                              GtkSystemSetting  setting)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (widget);

  GTK_WIDGET_CLASS (charter_document_view_parent_class)->system_setting_changed (widget,
                                                                                 setting);

  if (setting != GTK_SYSTEM_SETTING_FONT_NAME &&
      setting != GTK_SYSTEM_SETTING_DPI &&
      setting != GTK_SYSTEM_SETTING_FONT_CONFIG)
    return;

  update_measure (self);

  /* Marker widths were measured in the old font. */
  forget_markers (self);
  if (self->document != NULL)
    {
      render_body (self);
      forget_folded (self);
      repaint_highlights (self);
    }
}

static gboolean
charter_document_view_grab_focus (GtkWidget *widget)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
charter_document_view_dispose (GObject *object)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CHARTER_TYPE_DOCUMENT_VIEW);
  /* The box that holds header and text is not a named template child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->document);
  g_clear_pointer (&self->rich_text, charter_rich_text_unref);

  G_OBJECT_CLASS (charter_document_view_parent_class)->dispose (object);
}

static void
charter_document_view_finalize (GObject *object)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (object);

  g_clear_pointer (&self->links, g_array_unref);
  g_clear_pointer (&self->hits, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->find_text, g_free);
  forget_folded (self);
  g_clear_pointer (&self->marker_tags, g_hash_table_unref);
  g_clear_pointer (&self->marker_widths, g_hash_table_unref);

  G_OBJECT_CLASS (charter_document_view_parent_class)->finalize (object);
}

static void
charter_document_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_document_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CharterDocumentView *self = CHARTER_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      charter_document_view_set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_document_view_class_init (CharterDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = charter_document_view_dispose;
  object_class->finalize = charter_document_view_finalize;
  object_class->get_property = charter_document_view_get_property;
  object_class->set_property = charter_document_view_set_property;

  widget_class->root = charter_document_view_root;
  widget_class->system_setting_changed = charter_document_view_system_setting_changed;
  widget_class->grab_focus = charter_document_view_grab_focus;

  /**
   * CharterDocumentView:document: (nullable)
   *
   * The document shown. Its body is rendered when it is set, not before.
   */
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         CHARTER_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CharterDocumentView::open-link:
   * @uri: `kb:ID` for an entry of the knowledge base, or any other URI
   *
   * The reader activated a link in the header or the body. The view never
   * opens anything itself: the window decides what the link does.
   */
  signals[SIGNAL_OPEN_LINK] =
    g_signal_new ("open-link",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__STRING,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/charter-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, clamp);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, text_clamp);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, header);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, title_label);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, source_label);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, entries_label);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, text_view);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, find_bar);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, find_entry);
  gtk_widget_class_bind_template_child (widget_class, CharterDocumentView, find_count);

  gtk_widget_class_install_action (widget_class, "find.show", NULL, find_show_action);
  gtk_widget_class_install_action (widget_class, "find.next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "find.previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "find.close", NULL, find_close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "find.show",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "find.next",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "find.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "find.close", NULL);
  gtk_widget_class_bind_template_callback (widget_class, activate_link_cb);
  gtk_widget_class_bind_template_callback (widget_class, click_released_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "documentview");
}

/* Tags made later win where they overlap, so the order here matters: spacing
 * first, then indentation from shallow to deep, then the character styles,
 * and links last so that their colour shows inside quotes too.
 */
static void
create_tags (CharterDocumentView *self)
{
  static const double heading_scales[] = { 1.6, 1.4, 1.25, 1.15, 1.05, 1.0 };
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  int spacing = gtk_text_view_get_pixels_below_lines (self->text_view);
  GdkRGBA code_background;
  GdkRGBA code_block_background;

  gdk_rgba_parse (&code_background, CODE_BACKGROUND);
  gdk_rgba_parse (&code_block_background, CODE_BLOCK_BACKGROUND);

  self->gap_tag = gtk_text_buffer_create_tag (buffer, "gap",
                                              "pixels-above-lines", spacing / 2,
                                              NULL);
  self->list_item_tag = gtk_text_buffer_create_tag (buffer, "list-item",
                                                    "pixels-below-lines", spacing / 2,
                                                    NULL);
  self->code_block_tag = gtk_text_buffer_create_tag (buffer, "code-block",
                                                     "family", "monospace",
                                                     "pixels-above-lines", 0,
                                                     "pixels-below-lines", 0,
                                                     "paragraph-background-rgba",
                                                     &code_block_background,
                                                     NULL);
  self->code_block_first_tag = gtk_text_buffer_create_tag (buffer, "code-block-first",
                                                           "pixels-above-lines", spacing / 2,
                                                           NULL);
  self->code_block_last_tag = gtk_text_buffer_create_tag (buffer, "code-block-last",
                                                          "pixels-below-lines", spacing / 2,
                                                          NULL);
  self->quote_tag = gtk_text_buffer_create_tag (buffer, "block-quote",
                                                "style", PANGO_STYLE_ITALIC,
                                                NULL);

  for (guint i = 0; i < MAX_DEPTH; i++)
    {
      g_autofree char *name = g_strdup_printf ("indent-%u", i + 1);

      self->indent_tags[i] = gtk_text_buffer_create_tag (buffer, name,
                                                         "left-margin",
                                                         get_depth_margin (self, i + 1),
                                                         NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (self->heading_tags); i++)
    {
      g_autofree char *name = g_strdup_printf ("heading-%u", i + 1);

      self->heading_tags[i] = gtk_text_buffer_create_tag (buffer, name,
                                                          "scale", heading_scales[i],
                                                          "weight", PANGO_WEIGHT_BOLD,
                                                          "pixels-above-lines",
                                                          i < 2 ? spacing * 2 : spacing,
                                                          "pixels-below-lines", spacing / 2,
                                                          NULL);
    }

  self->thematic_break_tag = gtk_text_buffer_create_tag (buffer, "thematic-break",
                                                         "justification", GTK_JUSTIFY_CENTER,
                                                         NULL);
  self->emphasis_tag = gtk_text_buffer_create_tag (buffer, "emphasis",
                                                   "style", PANGO_STYLE_ITALIC,
                                                   NULL);
  self->strong_tag = gtk_text_buffer_create_tag (buffer, "strong",
                                                 "weight", PANGO_WEIGHT_BOLD,
                                                 NULL);
  self->code_tag = gtk_text_buffer_create_tag (buffer, "code",
                                               "family", "monospace",
                                               "background-rgba", &code_background,
                                               NULL);
  self->link_tag = gtk_text_buffer_create_tag (buffer, "link",
                                               "underline", PANGO_UNDERLINE_SINGLE,
                                               NULL);
  self->hit_tag = gtk_text_buffer_create_tag (buffer, "search-hit", NULL);
  self->find_tag = gtk_text_buffer_create_tag (buffer, "find-match", NULL);
  self->find_current_tag = gtk_text_buffer_create_tag (buffer, "find-current", NULL);
}

static void
charter_document_view_init (CharterDocumentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->links = g_array_new (FALSE, FALSE, sizeof (LinkRange));
  self->hits = g_array_new (FALSE, FALSE, sizeof (OffsetRange));
  self->matches = g_array_new (FALSE, FALSE, sizeof (OffsetRange));
  self->current_match = -1;
  self->marker_tags = g_hash_table_new (NULL, NULL);
  self->marker_widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->base_margin = gtk_text_view_get_left_margin (self->text_view);

  create_tags (self);
  update_colors (self);

  /* The bar then focuses the entry itself once it is shown. */
  gtk_search_bar_connect_entry (self->find_bar, GTK_EDITABLE (self->find_entry));
  /* Finding is quick; the default delay makes the count feel slow. */
  gtk_search_entry_set_search_delay (self->find_entry, 100);
  update_find_actions (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_colors), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (update_colors), self, G_CONNECT_SWAPPED);

  render (self);
}

/**
 * charter_document_view_new:
 *
 * Returns: (transfer floating): a view that shows no document
 */
GtkWidget *
charter_document_view_new (void)
{
  return g_object_new (CHARTER_TYPE_DOCUMENT_VIEW, NULL);
}

/**
 * charter_document_view_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown
 */
CharterDocument *
charter_document_view_get_document (CharterDocumentView *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), NULL);

  return self->document;
}

/**
 * charter_document_view_set_document:
 * @document: (nullable): the document to show, or %NULL to show nothing
 *
 * Renders the body of @document: a document is rendered when it is shown,
 * never before.
 */
void
charter_document_view_set_document (CharterDocumentView *self,
                                    CharterDocument     *document)
{
  g_return_if_fail (CHARTER_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (!document || CHARTER_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

/**
 * charter_document_view_get_text_view:
 *
 * The text view that shows the body, for tests and for finding text in it.
 * Its buffer belongs to the view: read it, do not change it.
 *
 * Returns: (transfer none): the text view
 */
GtkTextView *
charter_document_view_get_text_view (CharterDocumentView *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), NULL);

  return self->text_view;
}

/**
 * charter_document_view_highlight_hits:
 * @starts: (array length=n_hits): where each hit starts, in characters of the body
 * @ends: (array length=n_hits): where each ends, exclusive
 *
 * Paints search hits over the body, moves the caret to the first and
 * scrolls it into view. Showing another document, or no hits, clears them.
 */
void
charter_document_view_highlight_hits (CharterDocumentView *self,
                                      const guint         *starts,
                                      const guint         *ends,
                                      guint                n_hits)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  int length;

  g_return_if_fail (CHARTER_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (n_hits == 0 || (starts != NULL && ends != NULL));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->hit_tag, &start, &end);
  g_array_set_size (self->hits, 0);
  length = gtk_text_buffer_get_char_count (buffer);

  for (guint i = 0; i < n_hits; i++)
    {
      OffsetRange hit = { starts[i], ends[i] };

      /* Offsets from another rendering of the text are dropped, not trusted. */
      if (hit.start >= hit.end || hit.end > (guint) length)
        continue;
      apply_tag (buffer, self->hit_tag, hit.start, hit.end);
      g_array_append_val (self->hits, hit);
    }

  if (self->hits->len > 0)
    {
      const OffsetRange *first = &g_array_index (self->hits, OffsetRange, 0);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) first->start);
      gtk_text_buffer_place_cursor (buffer, &start);
      /* A mark, not an iter: it scrolls right even before the text is laid out. */
      gtk_text_view_scroll_to_mark (self->text_view, gtk_text_buffer_get_insert (buffer),
                                    0.2, TRUE, 0.0, 0.3);
    }
}

guint
charter_document_view_get_n_hits (CharterDocumentView *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), 0);

  return self->hits->len;
}

/**
 * charter_document_view_get_hit:
 * @start: (out): its first character
 * @end: (out): the character after its last
 *
 * Returns: %TRUE if there is a hit at @index
 */
gboolean
charter_document_view_get_hit (CharterDocumentView *self,
                               guint                index,
                               guint               *start,
                               guint               *end)
{
  const OffsetRange *hit;

  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (index >= self->hits->len)
    return FALSE;

  hit = &g_array_index (self->hits, OffsetRange, index);
  *start = hit->start;
  *end = hit->end;

  return TRUE;
}

/**
 * charter_document_view_find:
 * @text: what to find, as typed into the find bar
 *
 * Opens the find bar with @text and finds at once, without the entry's delay.
 *
 * Returns: whether there is any match
 */
gboolean
charter_document_view_find (CharterDocumentView *self,
                            const char          *text)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), FALSE);

  g_return_val_if_fail (text != NULL, FALSE);

  find_show_action (GTK_WIDGET (self), "find.show", NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text);
  find_matches (self);

  return self->matches->len > 0;
}

guint
charter_document_view_get_n_matches (CharterDocumentView *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), 0);

  return self->matches->len;
}

/**
 * charter_document_view_get_current_match:
 *
 * Returns: the match the reader is on, or -1
 */
int
charter_document_view_get_current_match (CharterDocumentView *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), -1);

  return self->current_match;
}

/**
 * charter_document_view_activate_link_at:
 * @offset: a character offset in the body, as GtkTextIter counts them
 *
 * Emits #CharterDocumentView::open-link if a link covers @offset. A click
 * and Enter on the caret both come here.
 *
 * Returns: %TRUE if there was a link
 */
gboolean
charter_document_view_activate_link_at (CharterDocumentView *self,
                                        guint                offset)
{
  const LinkRange *link;

  g_return_val_if_fail (CHARTER_IS_DOCUMENT_VIEW (self), FALSE);

  link = find_link (self, offset);
  if (link == NULL)
    return FALSE;

  g_signal_emit (self, signals[SIGNAL_OPEN_LINK], 0, link->url);

  return TRUE;
}
