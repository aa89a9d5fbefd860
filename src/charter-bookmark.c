/* charter-bookmark.c: a reader's bookmark, anchored to a passage
 *
 * A bookmark names what it points at by ids, never by position in a file:
 * the knowledge base's id, the entry's id, and for a passage the text
 * quoted and the paragraph (line of the rendered text) it was in. When the
 * knowledge base is edited, locate() finds the quote again, nearest its old
 * paragraph; if the words changed, their beginning or end; if those are
 * gone too, the old paragraph.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-bookmark"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "charter-bookmark.h"

/* Longest passage kept, in characters: a bookmark is not a copy. */
#define MAX_QUOTE 1000
/* What is looked for when the whole quote is no longer there. */
#define PROBE_LENGTH 40

struct _CharterBookmark
{
  GObject  parent_instance;
  char    *id;
  char    *kb_id;
  char    *kb_title;
  char    *kb_uri;
  char    *entry_id;
  char    *entry_title;
  char    *quote;
  int      paragraph;
  char    *note;
  gint64   created;
  gint64   modified;
  gboolean available;
  /* Its row, one line of JSON, made when first asked for and again after a
   * change, without and with its knowledge base's title and URI; reference
   * counted strings that a saving thread may hold.
   */
  char    *row;
  char    *row_with_kb;
  /* Counts changes, so that a row made from a copy is kept only if the
   * bookmark has not changed since.
   */
  guint    serial;
};

/* The columns of a row, in the order they are written: those most rows
 * leave empty last, so that the row can stop early.
 */
static const char * const column_names[] = {
  [CHARTER_BOOKMARK_COLUMN_ID] = "id",
  [CHARTER_BOOKMARK_COLUMN_KB] = "kb",
  [CHARTER_BOOKMARK_COLUMN_ENTRY] = "entry",
  [CHARTER_BOOKMARK_COLUMN_TITLE] = "title",
  [CHARTER_BOOKMARK_COLUMN_CREATED] = "created",
  [CHARTER_BOOKMARK_COLUMN_NOTE] = "note",
  [CHARTER_BOOKMARK_COLUMN_MODIFIED] = "modified",
  [CHARTER_BOOKMARK_COLUMN_PARAGRAPH] = "paragraph",
  [CHARTER_BOOKMARK_COLUMN_QUOTE] = "quote",
  [CHARTER_BOOKMARK_COLUMN_KB_TITLE] = "kb-title",
  [CHARTER_BOOKMARK_COLUMN_KB_URI] = "kb-uri",
};
G_STATIC_ASSERT (G_N_ELEMENTS (column_names) == CHARTER_BOOKMARK_N_COLUMNS);

enum {
  PROP_0,
  PROP_NOTE,
  PROP_AVAILABLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CharterBookmark, charter_bookmark, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* Dates as RFC 3339 in UTC with microseconds, written and read by hand:
 * GDateTime costs more than the rest of a bookmark, ten thousand times over.
 * Days from the civil calendar after Howard Hinnant's algorithms.
 */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *y,
                 guint  *m,
                 guint  *d)
{
  gint64 era;
  guint doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (gint64) yoe + era * 400 + (*m <= 2);
}

/**
 * charter_time_format:
 * @microseconds: since 1970-01-01 UTC
 * @out: at least %CHARTER_TIME_SIZE bytes
 *
 * Writes "2017-03-01T08:30:00.000000Z".
 */
void
charter_time_format (gint64  microseconds,
                     char   *out)
{
  gint64 seconds = microseconds >= 0 ? microseconds / G_USEC_PER_SEC
                                     : -((-microseconds + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  gint64 usec = microseconds - seconds * G_USEC_PER_SEC;
  gint64 days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  gint64 rest = seconds - days * 86400;
  gint64 year;
  guint month, day;

  civil_from_days (days, &year, &month, &day);
  year = CLAMP (year, 0, 9999);
  g_snprintf (out, CHARTER_TIME_SIZE, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ",
              (int) year, month, day, (int) (rest / 3600), (int) (rest / 60 % 60),
              (int) (rest % 60), (int) usec);
}

static gboolean
read_digits (const char **p,
             guint        n,
             guint       *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++, (*p)++)
    {
      if (!g_ascii_isdigit (**p))
        return FALSE;
      *value = *value * 10 + (guint) (**p - '0');
    }
  return TRUE;
}

/**
 * charter_time_parse:
 * @text: "2017-03-01T08:30:00Z", with or without a fraction; other RFC 3339
 *   forms (an offset instead of Z) are read through GDateTime
 * @microseconds: (out): since 1970-01-01 UTC
 */
gboolean
charter_time_parse (const char *text,
                    gint64     *microseconds)
{
  const char *p = text;
  guint year, month, day, hour, minute, second, fraction = 0, digits = 0;

  if (text == NULL)
    return FALSE;

  if (read_digits (&p, 4, &year) && *p++ == '-' && read_digits (&p, 2, &month) &&
      *p++ == '-' && read_digits (&p, 2, &day) && *p++ == 'T' &&
      read_digits (&p, 2, &hour) && *p++ == ':' && read_digits (&p, 2, &minute) &&
      *p++ == ':' && read_digits (&p, 2, &second))
    {
      if (*p == '.')
        for (p++; g_ascii_isdigit (*p); p++, digits++)
          if (digits < 6)
            fraction = fraction * 10 + (guint) (*p - '0');
      for (; digits < 6; digits++)
        fraction *= 10;
      if (p[0] == 'Z' && p[1] == '\0' && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
          hour < 24 && minute < 60 && second < 61)
        {
          *microseconds = ((days_from_civil (year, month, day) * 86400 + hour * 3600 +
                            minute * 60 + second) * G_USEC_PER_SEC) + fraction;
          return TRUE;
        }
    }

  {
    g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

    if (time == NULL)
      return FALSE;
    *microseconds = g_date_time_to_unix (time) * G_USEC_PER_SEC +
                    g_date_time_get_microsecond (time);
    return TRUE;
  }
}

/**
 * charter_json_get_string:
 * @object: (nullable): an object read from a file
 *
 * Returns: (nullable): the member @name if it is a string; %NULL if it is
 *   missing or anything else, where json-glib's getters would complain
 */
const char *
charter_json_get_string (JsonObject *object,
                         const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static void
forget_rows (CharterBookmark *self)
{
  self->serial++;
  g_clear_pointer (&self->row, g_ref_string_release);
  g_clear_pointer (&self->row_with_kb, g_ref_string_release);
}

static void
charter_bookmark_finalize (GObject *object)
{
  CharterBookmark *self = CHARTER_BOOKMARK (object);

  g_free (self->id);
  g_free (self->kb_id);
  g_free (self->kb_title);
  g_free (self->kb_uri);
  g_free (self->entry_id);
  g_free (self->entry_title);
  g_free (self->quote);
  g_free (self->note);
  forget_rows (self);

  G_OBJECT_CLASS (charter_bookmark_parent_class)->finalize (object);
}

static void
charter_bookmark_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CharterBookmark *self = CHARTER_BOOKMARK (object);

  switch (prop_id)
    {
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_bookmark_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CharterBookmark *self = CHARTER_BOOKMARK (object);

  switch (prop_id)
    {
    case PROP_NOTE:
      charter_bookmark_set_note (self, g_value_get_string (value));
      break;

    case PROP_AVAILABLE:
      charter_bookmark_set_available (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_bookmark_class_init (CharterBookmarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = charter_bookmark_finalize;
  object_class->get_property = charter_bookmark_get_property;
  object_class->set_property = charter_bookmark_set_property;

  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
charter_bookmark_init (CharterBookmark *self)
{
  self->paragraph = -1;
  self->note = g_strdup ("");
  self->available = TRUE;
}

/**
 * charter_bookmark_new:
 * @kb_uri: (nullable): where the knowledge base was opened from, to open it again
 *
 * A bookmark for a whole entry, made now, with a fresh id.
 */
CharterBookmark *
charter_bookmark_new (const char *kb_id,
                      const char *kb_title,
                      const char *kb_uri,
                      const char *entry_id,
                      const char *entry_title)
{
  CharterBookmark *self;

  g_return_val_if_fail (kb_id != NULL, NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);

  self = g_object_new (CHARTER_TYPE_BOOKMARK, NULL);
  self->id = g_uuid_string_random ();
  self->kb_id = g_strdup (kb_id);
  self->kb_title = g_strdup (kb_title != NULL ? kb_title : kb_id);
  self->kb_uri = g_strdup (kb_uri);
  self->entry_id = g_strdup (entry_id);
  self->entry_title = g_strdup (entry_title != NULL ? entry_title : entry_id);
  self->created = g_get_real_time ();
  self->modified = self->created;

  return self;
}

/**
 * charter_bookmark_new_from_json:
 *
 * Reads one bookmark as charter_bookmark_to_json() writes it: an object,
 * as bookmarks files of format 1 held them.
 *
 * Returns: (transfer full) (nullable): the bookmark, or %NULL with @error
 *   saying what is missing
 */
CharterBookmark *
charter_bookmark_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(CharterBookmark) self = NULL;
  JsonObject *kb = get_object (object, "knowledge-base");
  JsonObject *entry = get_object (object, "entry");
  JsonObject *passage = get_object (object, "passage");
  const char *id = charter_json_get_string (object, "id");

  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("a bookmark has no “id”"));
      return NULL;
    }
  if (charter_json_get_string (kb, "id") == NULL ||
      charter_json_get_string (entry, "id") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("bookmark “%s” does not say which knowledge base and entry it marks"), id);
      return NULL;
    }

  self = g_object_new (CHARTER_TYPE_BOOKMARK, NULL);
  self->id = g_strdup (id);
  self->kb_id = g_strdup (charter_json_get_string (kb, "id"));
  self->kb_title = g_strdup (charter_json_get_string (kb, "title") ?: self->kb_id);
  self->kb_uri = g_strdup (charter_json_get_string (kb, "uri"));
  self->entry_id = g_strdup (charter_json_get_string (entry, "id"));
  self->entry_title = g_strdup (charter_json_get_string (entry, "title") ?: self->entry_id);
  if (passage != NULL && charter_json_get_string (passage, "quote") != NULL)
    {
      JsonNode *paragraph = json_object_get_member (passage, "paragraph");

      self->quote = g_strdup (charter_json_get_string (passage, "quote"));
      if (paragraph != NULL && JSON_NODE_HOLDS_VALUE (paragraph) &&
          json_node_get_value_type (paragraph) == G_TYPE_INT64)
        self->paragraph = (int) CLAMP (json_node_get_int (paragraph), -1, G_MAXINT);
    }
  g_free (self->note);
  self->note = g_strdup (charter_json_get_string (object, "note") ?: "");
  if (!charter_time_parse (charter_json_get_string (object, "created"), &self->created))
    self->created = 0;
  if (!charter_time_parse (charter_json_get_string (object, "modified"), &self->modified))
    self->modified = self->created;

  return g_steal_pointer (&self);
}

JsonNode *
charter_bookmark_to_json (CharterBookmark *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char created[CHARTER_TIME_SIZE];
  char modified[CHARTER_TIME_SIZE];

  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);

  charter_time_format (self->created, created);
  charter_time_format (self->modified, modified);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);

  json_builder_set_member_name (builder, "knowledge-base");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->kb_id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->kb_title);
  if (self->kb_uri != NULL)
    {
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, self->kb_uri);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "entry");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->entry_id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->entry_title);
  json_builder_end_object (builder);

  if (self->quote != NULL)
    {
      json_builder_set_member_name (builder, "passage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "paragraph");
      json_builder_add_int_value (builder, self->paragraph);
      json_builder_set_member_name (builder, "quote");
      json_builder_add_string_value (builder, self->quote);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, self->note);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "modified");
  json_builder_add_string_value (builder, modified);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * charter_bookmark_column_name:
 *
 * Returns: the name of @column in a bookmarks file's "columns"
 */
const char *
charter_bookmark_column_name (CharterBookmarkColumn column)
{
  g_return_val_if_fail (column < CHARTER_BOOKMARK_N_COLUMNS, NULL);

  return column_names[column];
}

static const char *
cell_string (JsonArray *row,
             const int *columns,
             int        column)
{
  JsonNode *node;

  if (columns[column] < 0 || (guint) columns[column] >= json_array_get_length (row))
    return NULL;
  node = json_array_get_element (row, (guint) columns[column]);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * charter_bookmark_new_from_row:
 * @columns: for each #CharterBookmarkColumn, its index in the row, or -1
 * @knowledge_bases: (nullable): the file's "knowledge-bases", by id
 *
 * Reads one bookmark as a row of a bookmarks file of format 2: an array of
 * values in the order its "columns" name. The title and URI of its
 * knowledge base come from @knowledge_bases unless the row has its own
 * (a "kb-title", and a "kb-uri" unless it has none). A
 * missing note is empty and a missing modification time the creation time.
 *
 * Only looks @knowledge_bases up, so that threads may share it.
 *
 * Returns: (transfer full) (nullable): the bookmark, or %NULL with @error
 *   saying what is missing
 */
CharterBookmark *
charter_bookmark_new_from_row (JsonArray   *row,
                               const int   *columns,
                               JsonObject  *knowledge_bases,
                               GError     **error)
{
  g_autoptr(CharterBookmark) self = NULL;
  const char *id = cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_ID);
  const char *kb_id = cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_KB);
  const char *entry_id = cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_ENTRY);
  const char *quote = cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_QUOTE);
  const char *kb_title = cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_KB_TITLE);
  const char *kb_uri = cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_KB_URI);
  int paragraph = columns[CHARTER_BOOKMARK_COLUMN_PARAGRAPH];

  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("a bookmark has no “id”"));
      return NULL;
    }
  if (kb_id == NULL || entry_id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("bookmark “%s” does not say which knowledge base and entry it marks"), id);
      return NULL;
    }

  /* A row with a title of its own has its own URI too, or none. */
  if (kb_title == NULL)
    {
      JsonObject *kb = knowledge_bases != NULL ? get_object (knowledge_bases, kb_id) : NULL;

      kb_title = charter_json_get_string (kb, "title");
      kb_uri = kb_uri ?: charter_json_get_string (kb, "uri");
    }

  self = g_object_new (CHARTER_TYPE_BOOKMARK, NULL);
  self->id = g_strdup (id);
  self->kb_id = g_strdup (kb_id);
  self->kb_title = g_strdup (kb_title ?: kb_id);
  self->kb_uri = g_strdup (kb_uri);
  self->entry_id = g_strdup (entry_id);
  self->entry_title = g_strdup (cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_TITLE) ?:
                                entry_id);
  if (quote != NULL)
    {
      self->quote = g_strdup (quote);
      if (paragraph >= 0 && (guint) paragraph < json_array_get_length (row))
        {
          JsonNode *node = json_array_get_element (row, (guint) paragraph);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            self->paragraph = (int) CLAMP (json_node_get_int (node), -1, G_MAXINT);
        }
    }
  g_free (self->note);
  self->note = g_strdup (cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_NOTE) ?: "");
  if (!charter_time_parse (cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_CREATED),
                           &self->created))
    self->created = 0;
  if (!charter_time_parse (cell_string (row, columns, CHARTER_BOOKMARK_COLUMN_MODIFIED),
                           &self->modified))
    self->modified = self->created;

  return g_steal_pointer (&self);
}

/**
 * charter_bookmark_make_row:
 * @with_knowledge_base: whether to write the knowledge base's title and URI
 *
 * The bookmark as one row of a bookmarks file, written by json-glib: its
 * values in the order of #CharterBookmarkColumn, null where it has none,
 * and none after the last it has. Without @with_knowledge_base, the title
 * and URI of its knowledge base are left to the file's "knowledge-bases".
 *
 * Reads the bookmark only: a saving thread calls it on a copy.
 *
 * Returns: (transfer full): a #GRefString
 */
char *
charter_bookmark_make_row (CharterBookmark *self,
                           gboolean         with_knowledge_base)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  char created[CHARTER_TIME_SIZE];
  char modified[CHARTER_TIME_SIZE];
  const char *cells[CHARTER_BOOKMARK_N_COLUMNS] = { NULL };
  guint n_cells = 0;
  gsize length;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);

  charter_time_format (self->created, created);
  cells[CHARTER_BOOKMARK_COLUMN_ID] = self->id;
  cells[CHARTER_BOOKMARK_COLUMN_KB] = self->kb_id;
  cells[CHARTER_BOOKMARK_COLUMN_ENTRY] = self->entry_id;
  cells[CHARTER_BOOKMARK_COLUMN_TITLE] = self->entry_title;
  cells[CHARTER_BOOKMARK_COLUMN_CREATED] = created;
  /* Left empty when they say nothing: fewer values read faster. */
  if (self->note != NULL && *self->note != '\0')
    cells[CHARTER_BOOKMARK_COLUMN_NOTE] = self->note;
  if (self->modified != self->created)
    {
      charter_time_format (self->modified, modified);
      cells[CHARTER_BOOKMARK_COLUMN_MODIFIED] = modified;
    }
  if (self->quote != NULL)
    {
      /* Not a string: marks the column, written as a number below. */
      cells[CHARTER_BOOKMARK_COLUMN_PARAGRAPH] = "";
      cells[CHARTER_BOOKMARK_COLUMN_QUOTE] = self->quote;
    }
  if (with_knowledge_base)
    {
      cells[CHARTER_BOOKMARK_COLUMN_KB_TITLE] = self->kb_title;
      cells[CHARTER_BOOKMARK_COLUMN_KB_URI] = self->kb_uri;
    }

  for (guint i = 0; i < CHARTER_BOOKMARK_N_COLUMNS; i++)
    if (cells[i] != NULL)
      n_cells = i + 1;

  json_builder_begin_array (builder);
  for (guint i = 0; i < n_cells; i++)
    {
      if (cells[i] == NULL)
        json_builder_add_null_value (builder);
      else if (i == CHARTER_BOOKMARK_COLUMN_PARAGRAPH)
        json_builder_add_int_value (builder, self->paragraph);
      else
        json_builder_add_string_value (builder, cells[i]);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_ref_string_new_len (text, (gssize) length);
}

/**
 * charter_bookmark_peek_row:
 * @serial: (out): the bookmark's serial, for charter_bookmark_keep_row()
 *
 * Returns: (transfer none) (nullable): the row made last, if the bookmark
 *   has not changed since: a #GRefString, acquire it to keep it
 */
const char *
charter_bookmark_peek_row (CharterBookmark *self,
                           gboolean         with_knowledge_base,
                           guint           *serial)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);

  if (serial != NULL)
    *serial = self->serial;
  return with_knowledge_base ? self->row_with_kb : self->row;
}

/**
 * charter_bookmark_keep_row:
 * @serial: the serial charter_bookmark_peek_row() gave when @row's copy was made
 * @row: a #GRefString from charter_bookmark_make_row() on a copy
 *
 * Keeps @row for charter_bookmark_peek_row(), unless the bookmark has
 * changed since @serial.
 */
void
charter_bookmark_keep_row (CharterBookmark *self,
                           gboolean         with_knowledge_base,
                           guint            serial,
                           const char      *row)
{
  char **kept;

  g_return_if_fail (CHARTER_IS_BOOKMARK (self));
  g_return_if_fail (row != NULL);

  if (serial != self->serial)
    return;
  kept = with_knowledge_base ? &self->row_with_kb : &self->row;
  g_clear_pointer (kept, g_ref_string_release);
  *kept = g_ref_string_acquire ((char *) row);
}

CharterBookmark *
charter_bookmark_copy (CharterBookmark *self)
{
  CharterBookmark *copy;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);

  copy = g_object_new (CHARTER_TYPE_BOOKMARK, NULL);
  copy->id = g_strdup (self->id);
  copy->kb_id = g_strdup (self->kb_id);
  copy->kb_title = g_strdup (self->kb_title);
  copy->kb_uri = g_strdup (self->kb_uri);
  copy->entry_id = g_strdup (self->entry_id);
  copy->entry_title = g_strdup (self->entry_title);
  copy->quote = g_strdup (self->quote);
  copy->paragraph = self->paragraph;
  g_free (copy->note);
  copy->note = g_strdup (self->note);
  copy->created = self->created;
  copy->modified = self->modified;
  copy->available = self->available;

  return copy;
}

/**
 * charter_bookmark_equal:
 *
 * Returns: whether both say the same thing, field for field
 */
gboolean
charter_bookmark_equal (CharterBookmark *self,
                        CharterBookmark *other)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), FALSE);
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (other), FALSE);

  return g_strcmp0 (self->id, other->id) == 0 &&
         g_strcmp0 (self->kb_id, other->kb_id) == 0 &&
         g_strcmp0 (self->kb_title, other->kb_title) == 0 &&
         g_strcmp0 (self->kb_uri, other->kb_uri) == 0 &&
         g_strcmp0 (self->entry_id, other->entry_id) == 0 &&
         g_strcmp0 (self->entry_title, other->entry_title) == 0 &&
         g_strcmp0 (self->quote, other->quote) == 0 &&
         self->paragraph == other->paragraph &&
         g_strcmp0 (self->note, other->note) == 0 &&
         self->created == other->created &&
         self->modified == other->modified;
}

const char *
charter_bookmark_get_id (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->id;
}

const char *
charter_bookmark_get_kb_id (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->kb_id;
}

const char *
charter_bookmark_get_kb_title (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->kb_title;
}

/**
 * charter_bookmark_get_kb_uri:
 *
 * Returns: (nullable): where the knowledge base was opened from
 */
const char *
charter_bookmark_get_kb_uri (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->kb_uri;
}

const char *
charter_bookmark_get_entry_id (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->entry_id;
}

const char *
charter_bookmark_get_entry_title (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->entry_title;
}

/**
 * charter_bookmark_get_quote:
 *
 * Returns: (nullable): the passage's text, %NULL for a whole document
 */
const char *
charter_bookmark_get_quote (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->quote;
}

/**
 * charter_bookmark_get_paragraph:
 *
 * Returns: the line of the rendered text the passage began on, or -1
 */
int
charter_bookmark_get_paragraph (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), -1);
  return self->paragraph;
}

const char *
charter_bookmark_get_note (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), NULL);
  return self->note;
}

void
charter_bookmark_set_note (CharterBookmark *self,
                           const char      *note)
{
  g_return_if_fail (CHARTER_IS_BOOKMARK (self));

  if (note == NULL)
    note = "";
  if (g_strcmp0 (self->note, note) == 0)
    return;

  g_free (self->note);
  self->note = g_strdup (note);
  self->modified = MAX (g_get_real_time (), self->modified + 1);
  forget_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

/**
 * charter_bookmark_touch:
 *
 * Makes the bookmark newer than anything before: what Undo of a removal
 * does, so the bookmark wins over the removal in every copy of the store.
 */
void
charter_bookmark_touch (CharterBookmark *self)
{
  g_return_if_fail (CHARTER_IS_BOOKMARK (self));

  self->modified = MAX (g_get_real_time (), self->modified + 1);
  forget_rows (self);
}

gint64
charter_bookmark_get_created (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), 0);
  return self->created;
}

/**
 * charter_bookmark_get_modified:
 *
 * Returns: when the bookmark last changed, in microseconds since 1970:
 *   of two copies of one bookmark, the later wins
 */
gint64
charter_bookmark_get_modified (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), 0);
  return self->modified;
}

/**
 * charter_bookmark_get_available:
 *
 * Returns: %FALSE when its entry is missing from its knowledge base as last
 *   opened; such a bookmark is kept and shown as unavailable
 */
gboolean
charter_bookmark_get_available (CharterBookmark *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), FALSE);
  return self->available;
}

void
charter_bookmark_set_available (CharterBookmark *self,
                                gboolean         available)
{
  g_return_if_fail (CHARTER_IS_BOOKMARK (self));

  available = !!available;
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static guint
count_lines (const char *text,
             const char *until)
{
  guint n = 0;

  for (const char *p = text; p < until; p++)
    if (*p == '\n')
      n++;
  return n;
}

/**
 * charter_bookmark_set_passage:
 * @text: the document's rendered text
 * @start: the passage's first character
 * @end: the character after its last
 *
 * Anchors the bookmark to a passage of @text. Only for a new bookmark.
 */
void
charter_bookmark_set_passage (CharterBookmark *self,
                              const char      *text,
                              guint            start,
                              guint            end)
{
  glong length;
  const char *from;
  const char *to;

  g_return_if_fail (CHARTER_IS_BOOKMARK (self));
  g_return_if_fail (text != NULL);

  length = g_utf8_strlen (text, -1);
  start = MIN (start, (guint) length);
  end = CLAMP (end, start, (guint) length);
  end = MIN (end, start + MAX_QUOTE);

  g_clear_pointer (&self->quote, g_free);
  forget_rows (self);
  self->paragraph = -1;
  if (start == end)
    return;

  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (from, end - start);
  self->quote = g_strndup (from, (gsize) (to - from));
  self->paragraph = (int) count_lines (text, from);
}

/* The occurrence of @needle nearest line @paragraph, or NULL. */
static const char *
find_nearest (const char *text,
              const char *needle,
              int         paragraph)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint line = 0;
  const char *counted = text;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    {
      guint distance;

      line += count_lines (counted, p);
      counted = p;
      distance = (guint) ABS ((int) line - paragraph);
      if (distance < best_distance)
        {
          best = p;
          best_distance = distance;
        }
      if (distance == 0 || (int) line > paragraph)
        break;
    }

  return best;
}

/**
 * charter_bookmark_locate:
 * @text: the document's rendered text today
 * @start: (out): the passage's first character
 * @end: (out): the character after its last
 *
 * Finds the bookmark's passage in @text, which may have been edited since.
 *
 * Returns: how it was found
 */
CharterAnchor
charter_bookmark_locate (CharterBookmark *self,
                         const char      *text,
                         guint           *start,
                         guint           *end)
{
  const char *found;
  glong quote_length;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK (self), CHARTER_ANCHOR_DOCUMENT);
  g_return_val_if_fail (text != NULL, CHARTER_ANCHOR_DOCUMENT);

  *start = *end = 0;
  if (self->quote == NULL || *self->quote == '\0')
    return CHARTER_ANCHOR_DOCUMENT;

  quote_length = g_utf8_strlen (self->quote, -1);
  found = find_nearest (text, self->quote, self->paragraph);
  if (found != NULL)
    {
      *start = (guint) g_utf8_pointer_to_offset (text, found);
      *end = *start + (guint) quote_length;
      return CHARTER_ANCHOR_EXACT;
    }

  /* The words changed: look for how the passage began, then how it ended. */
  if (quote_length > PROBE_LENGTH)
    {
      const char *probe_end = g_utf8_offset_to_pointer (self->quote, PROBE_LENGTH);
      const char *tail = g_utf8_offset_to_pointer (self->quote, quote_length - PROBE_LENGTH);
      g_autofree char *head = g_strndup (self->quote, (gsize) (probe_end - self->quote));

      found = find_nearest (text, head, self->paragraph);
      if (found != NULL)
        {
          *start = (guint) g_utf8_pointer_to_offset (text, found);
          *end = MIN (*start + (guint) quote_length, (guint) g_utf8_strlen (text, -1));
          return CHARTER_ANCHOR_MOVED;
        }
      found = find_nearest (text, tail, self->paragraph);
      if (found != NULL)
        {
          *end = (guint) g_utf8_pointer_to_offset (text, found) + PROBE_LENGTH;
          *start = *end > (guint) quote_length ? *end - (guint) quote_length : 0;
          return CHARTER_ANCHOR_MOVED;
        }
    }

  /* Still the same paragraph, as near as can be told. */
  if (self->paragraph >= 0)
    {
      const char *line = text;
      const char *line_end;

      for (int i = 0; i < self->paragraph && line != NULL; i++)
        {
          line = strchr (line, '\n');
          if (line != NULL)
            line++;
        }
      if (line != NULL && *line != '\0')
        {
          line_end = strchr (line, '\n');
          if (line_end == NULL)
            line_end = line + strlen (line);
          *start = (guint) g_utf8_pointer_to_offset (text, line);
          *end = *start + (guint) g_utf8_pointer_to_offset (line, line_end);
          return CHARTER_ANCHOR_MOVED;
        }
    }

  return CHARTER_ANCHOR_DOCUMENT;
}
