/* charter-bookmark-store.c: every bookmark, kept safe on disk
 *
 * The store is a GListModel of CharterBookmark, newest last, backed by one
 * JSON file ($XDG_DATA_HOME/io.github.charterkb.Charter/bookmarks.json):
 *
 *   { "charter-bookmarks": 2,
 *     "revision": …,
 *     "columns": [ "id", "kb", "entry", "title", "created", "note", … ],
 *     "bookmarks": [ [ "c0ffee…", "china-cyberspace", "goal-1", "Goal 1", … ] ],
 *     "knowledge-bases": { "china-cyberspace": { "title": …, "uri": … } },
 *     "removed": [ { "id": …, "at": … } ] }
 *
 * one bookmark a line, as a row of the values "columns" names. Rows, not
 * objects: json-glib builds a node for every value and a hash table for
 * every object, and that is most of what loading costs (objects took the
 * load of 10 000 bookmarks from 40 ms to 120). Format 1, one object a
 * bookmark with its knowledge base and entry nested, is still read.
 *
 * What it promises:
 *
 * - Every change is written at once, atomically: write_atomically() writes
 *   a temporary file, syncs it and renames it over the old one, so a crash
 *   leaves the old file or the new one, whole (or none, before the first).
 * - A file it cannot parse is never overwritten: it is moved aside to
 *   bookmarks.json.corrupt-DATE and the reader is told where. A file it
 *   cannot read at all, or from a newer Charter, makes the store read-only.
 * - Several stores on one file (two windows' processes, a sync tool) lose
 *   nothing of each other's. Every write gives the file a new "revision";
 *   before writing, a store holding a lock (bookmarks.json.lock) looks at
 *   the revision on disk, and if it is not the one it last read or wrote,
 *   reads the file and merges it first. (File times are too coarse to tell
 *   two writes apart: the kernel stamps them from a clock that ticks every
 *   few milliseconds.)
 *   Merging keeps every bookmark of both sides, the later edit of one
 *   bookmark, and deletions, which are remembered ("removed") so that the
 *   other side's copy does not bring them back.
 * - Entries it does not understand (from a newer Charter) are kept as they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-bookmarks"

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "charter-bookmark-store.h"
#include "charter-locate.h"

/* A deletion is remembered this long, for stores that have not synced since. */
#define TOMBSTONE_LIFETIME ((gint64) G_USEC_PER_SEC * 60 * 60 * 24 * 180)
/* Nesting allowed in the file: bookmarks need four levels. */
#define MAX_DEPTH 32

struct _CharterBookmarkStore
{
  GObject       parent_instance;
  GFile        *file;
  GPtrArray    *bookmarks;
  GHashTable   *by_id;
  /* id → time of removal, in microseconds. */
  GHashTable   *removed;
  /* Entries of the file this version does not read, written back as they are. */
  GPtrArray    *extra;
  /* The revision of the file as last read or written; NULL if there was none. */
  char         *revision;
  /* And its size, times and inode then: a hand edit keeps the revision. */
  char         *signature;
  /* A background write is running; another is wanted after it. */
  gboolean      saving;
  gboolean      save_pending;
  gboolean      in_sync_save;
  char         *saving_revision;
  char         *problem;
  gboolean      read_only;
  GFileMonitor *monitor;
};

enum {
  PROP_0,
  PROP_PROBLEM,
  PROP_READ_ONLY,
  N_PROPS
};

static void charter_bookmark_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CharterBookmarkStore, charter_bookmark_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      charter_bookmark_store_list_model_init))

G_DEFINE_QUARK (charter-bookmark-store-error-quark, charter_bookmark_store_error)

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GPtrArray  *bookmarks;
  GHashTable *removed;
  GPtrArray  *extra;
  char       *revision;
  JsonObject *knowledge_bases;
  /* For each CharterBookmarkColumn, where rows have it, or -1. */
  int         columns[CHARTER_BOOKMARK_N_COLUMNS];
} Contents;

#define CONTENTS_INIT { NULL, NULL, NULL, NULL, NULL, { 0 } }

static void
contents_clear (Contents *contents)
{
  g_clear_pointer (&contents->revision, g_free);
  g_clear_pointer (&contents->knowledge_bases, json_object_unref);
  g_clear_pointer (&contents->bookmarks, g_ptr_array_unref);
  g_clear_pointer (&contents->removed, g_hash_table_unref);
  g_clear_pointer (&contents->extra, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Contents, contents_clear)

static GHashTable *
removed_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gint64
removed_at (GHashTable *removed,
            const char *id)
{
  gint64 *at = g_hash_table_lookup (removed, id);

  return at != NULL ? *at : G_MININT64;
}

static void
remember_removal (GHashTable *removed,
                  const char *id,
                  gint64      at)
{
  if (removed_at (removed, id) >= at)
    return;
  g_hash_table_insert (removed, g_strdup (id), g_memdup2 (&at, sizeof at));
}

/* Everything but the bookmarks: format, revision, knowledge bases, removals. */
static gboolean
read_frame (JsonNode    *node,
            Contents    *contents,
            GError     **error)
{
  JsonObject *root;
  gint64 format;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, CHARTER_BOOKMARK_STORE_ERROR,
                           CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                           _("it is not a bookmarks file: the top level is not an object"));
      return FALSE;
    }
  root = json_node_get_object (node);

  node = json_object_get_member (root, "charter-bookmarks");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error_literal (error, CHARTER_BOOKMARK_STORE_ERROR,
                           CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                           _("it is not a bookmarks file: “charter-bookmarks” is missing"));
      return FALSE;
    }
  contents->revision = g_strdup (charter_json_get_string (root, "revision") ?: "");
  format = json_node_get_int (node);
  if (format > CHARTER_BOOKMARK_STORE_FORMAT)
    {
      g_set_error (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_NEWER,
                   _("it was written by a newer version of Charter (format %" G_GINT64_FORMAT
                     ")"), format);
      return FALSE;
    }
  if (format < 1)
    {
      g_set_error (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                   _("its format, %" G_GINT64_FORMAT ", is not a version of Charter's"),
                   format);
      return FALSE;
    }

  node = json_object_get_member (root, "bookmarks");
  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CHARTER_BOOKMARK_STORE_ERROR,
                           CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                           _("its “bookmarks” is not a list"));
      return FALSE;
    }

  for (guint i = 0; i < CHARTER_BOOKMARK_N_COLUMNS; i++)
    contents->columns[i] = -1;
  node = json_object_get_member (root, "columns");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i <= G_MAXINT; i++)
        {
          JsonNode *name = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)
            continue;
          /* A column this Charter does not know is left alone. */
          for (guint c = 0; c < CHARTER_BOOKMARK_N_COLUMNS; c++)
            if (contents->columns[c] < 0 &&
                g_strcmp0 (json_node_get_string (name), charter_bookmark_column_name (c)) == 0)
              contents->columns[c] = (int) i;
        }
    }

  /* Without it, bookmarks show their knowledge base's id: nothing is lost. */
  node = json_object_get_member (root, "knowledge-bases");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    contents->knowledge_bases = json_object_ref (json_node_get_object (node));

  node = json_object_get_member (root, "removed");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *object;
          const char *id;
          gint64 at;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          object = json_node_get_object (element);
          id = charter_json_get_string (object, "id");
          if (id != NULL && charter_time_parse (charter_json_get_string (object, "at"), &at))
            remember_removal (contents->removed, id, at);
        }
    }

  return TRUE;
}

/* Bookmarks from the "bookmarks" list: rows, or objects of format 1. */
static void
read_elements (JsonArray *array,
               Contents  *contents)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(CharterBookmark) bookmark = NULL;

      if (JSON_NODE_HOLDS_ARRAY (element))
        bookmark = charter_bookmark_new_from_row (json_node_get_array (element),
                                                  contents->columns, contents->knowledge_bases,
                                                  NULL);
      else if (JSON_NODE_HOLDS_OBJECT (element))
        bookmark = charter_bookmark_new_from_json (json_node_get_object (element), NULL);
      if (bookmark == NULL)
        {
          /* Not ours to understand, not ours to drop. */
          g_ptr_array_add (contents->extra, json_node_copy (element));
          continue;
        }
      /* A file saved twice with one bookmark: the first is kept. Not
       * g_hash_table_add() alone: it would keep the id of the copy, freed
       * with it below.
       */
      if (g_hash_table_contains (seen, charter_bookmark_get_id (bookmark)))
        continue;
      g_hash_table_add (seen, (gpointer) charter_bookmark_get_id (bookmark));
      g_ptr_array_add (contents->bookmarks, g_steal_pointer (&bookmark));
    }
}

/* Reads a bookmarks file. Errors say what is wrong, for a person. */
static gboolean
parse (const char  *data,
       gsize        length,
       Contents    *contents,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;
  CharterPrecheck precheck;
  gsize offset = 0;
  gsize n_lines;

  contents->bookmarks = g_ptr_array_new_with_free_func (g_object_unref);
  contents->removed = removed_new ();
  contents->extra = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  /* json-glib recurses on nesting and would crash on a deep enough file,
   * and takes some things that are not JSON; the loader's check stops both.
   */
  precheck = charter_locate_precheck (data, length, MAX_DEPTH, &offset, &n_lines);
  if (precheck == CHARTER_PRECHECK_TOO_DEEP)
    {
      g_set_error (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                   _("it is nested more than %u levels deep"), MAX_DEPTH);
      return FALSE;
    }
  if (precheck != CHARTER_PRECHECK_OK)
    {
      guint line = 1;

      for (gsize i = 0; i < offset && i < length; i++)
        line += data[i] == '\n';
      g_set_error (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                   _("it is not valid JSON: line %u is damaged"), line);
      return FALSE;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_autofree char *message = NULL;
      guint line, column;

      message = charter_locate_parse_error (local_error->message, &line, &column);
      if (line > 0)
        g_set_error (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                     _("it is not valid JSON: line %u: %s"), line, message);
      else
        g_set_error (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_INVALID,
                     _("it is not valid JSON: %s"), message);
      return FALSE;
    }

  node = json_parser_get_root (parser);
  if (!read_frame (node, contents, error))
    return FALSE;

  node = json_object_get_member (json_node_get_object (node), "bookmarks");
  if (node != NULL)
    read_elements (json_node_get_array (node), contents);

  return TRUE;
}

/* A JSON string literal, written by json-glib. */
static char *
json_literal (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

/* A row to make in a saving thread, from a copy of a bookmark that has
 * none made since it last changed.
 */
typedef struct
{
  guint            index;
  gboolean         own;
  CharterBookmark *copy;
  CharterBookmark *original;
  guint            serial;
} RowJob;

static void
row_job_free (RowJob *job)
{
  g_object_unref (job->copy);
  g_object_unref (job->original);
  g_free (job);
}

static void
release_line (gpointer line)
{
  if (line != NULL)
    g_ref_string_release (line);
}

/* The file's pieces, taken on the main thread so that a saving thread never
 * touches a bookmark the reader may change:
 *
 * - each bookmark's row: the one it keeps until it changes (a #GRefString,
 *   so taking it is cheap), or a hole in @lines and a #RowJob in @jobs for
 *   make_rows() to fill from a copy;
 * - unknown entries;
 * - in @knowledge_bases the "knowledge-bases" object: for each, the title
 *   and URI of its most recently changed bookmark. Bookmarks that remember
 *   another title or URI for it have their own in their rows.
 */
static GPtrArray *
take_lines (CharterBookmarkStore  *self,
            gboolean               with_extra,
            char                 **knowledge_bases,
            GPtrArray            **jobs)
{
  GPtrArray *lines = g_ptr_array_new_full (self->bookmarks->len + self->extra->len,
                                           release_line);
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GString *table = g_string_new ("{");

  *jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) row_job_free);

  for (guint i = 0; i < self->bookmarks->len; i++)
    {
      CharterBookmark *bookmark = self->bookmarks->pdata[i];
      const char *kb_id = charter_bookmark_get_kb_id (bookmark);
      CharterBookmark *known = g_hash_table_lookup (latest, kb_id);

      if (known == NULL)
        g_ptr_array_add (order, (gpointer) kb_id);
      if (known == NULL ||
          charter_bookmark_get_modified (bookmark) > charter_bookmark_get_modified (known))
        g_hash_table_insert (latest, (gpointer) kb_id, bookmark);
    }

  for (guint i = 0; i < self->bookmarks->len; i++)
    {
      CharterBookmark *bookmark = self->bookmarks->pdata[i];
      CharterBookmark *known = g_hash_table_lookup (latest,
                                                    charter_bookmark_get_kb_id (bookmark));
      gboolean own = g_strcmp0 (charter_bookmark_get_kb_title (bookmark),
                                charter_bookmark_get_kb_title (known)) != 0 ||
                     g_strcmp0 (charter_bookmark_get_kb_uri (bookmark),
                                charter_bookmark_get_kb_uri (known)) != 0;
      guint serial;
      const char *row = charter_bookmark_peek_row (bookmark, own, &serial);

      if (row != NULL)
        {
          g_ptr_array_add (lines, g_ref_string_acquire ((char *) row));
        }
      else
        {
          RowJob *job = g_new0 (RowJob, 1);

          job->index = lines->len;
          job->own = own;
          job->copy = charter_bookmark_copy (bookmark);
          job->original = g_object_ref (bookmark);
          job->serial = serial;
          g_ptr_array_add (*jobs, job);
          g_ptr_array_add (lines, NULL);
        }
    }

  if (with_extra)
    for (guint i = 0; i < self->extra->len; i++)
      {
        g_autofree char *text = json_to_string (self->extra->pdata[i], FALSE);

        g_ptr_array_add (lines, g_ref_string_new (text));
      }

  for (guint i = 0; i < order->len; i++)
    {
      CharterBookmark *known = g_hash_table_lookup (latest, order->pdata[i]);
      const char *uri = charter_bookmark_get_kb_uri (known);
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *key = json_literal (order->pdata[i]);
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, charter_bookmark_get_kb_title (known));
      if (uri != NULL)
        {
          json_builder_set_member_name (builder, "uri");
          json_builder_add_string_value (builder, uri);
        }
      json_builder_end_object (builder);
      value = json_builder_get_root (builder);
      text = json_to_string (value, FALSE);

      g_string_append_printf (table, "%s%s: %s", i == 0 ? "\n    " : ",\n    ", key, text);
    }
  g_string_append (table, order->len > 0 ? "\n  }" : "}");
  *knowledge_bases = g_string_free (table, FALSE);

  return lines;
}

/* Runs in any thread: makes the rows take_lines() left to make. */
static void
make_rows (GPtrArray *lines,
           GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      RowJob *job = jobs->pdata[i];

      if (lines->pdata[job->index] == NULL)
        lines->pdata[job->index] = charter_bookmark_make_row (job->copy, job->own);
    }
}

/* On the main thread: each bookmark keeps its row for the next save. */
static void
keep_rows (GPtrArray *lines,
           GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      RowJob *job = jobs->pdata[i];

      if (lines->pdata[job->index] != NULL)
        charter_bookmark_keep_row (job->original, job->own, job->serial,
                                   lines->pdata[job->index]);
    }
}

static char *
removed_text (CharterBookmarkStore *self)
{
  gint64 oldest = g_get_real_time () - TOMBSTONE_LIFETIME;
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_hash_table_iter_init (&iter, self->removed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char at[CHARTER_TIME_SIZE];
      g_autofree char *id = NULL;

      if (*(gint64 *) value < oldest)
        continue;
      charter_time_format (*(gint64 *) value, at);
      id = json_literal (key);
      g_string_append_printf (out, "%s{\"id\": %s, \"at\": \"%s\"}",
                              first ? "\n    " : ",\n    ", id, at);
      first = FALSE;
    }
  return g_string_free (out, FALSE);
}

/* One bookmark a line: a person can read it, and a diff shows what changed. */
static char *
compose (const char *revision,
         GPtrArray  *lines,
         const char *knowledge_bases,
         const char *removed,
         gsize      *length)
{
  gsize size = 128 + strlen (knowledge_bases) + (removed != NULL ? strlen (removed) : 0);
  GString *out;

  for (guint i = 0; i < lines->len; i++)
    size += strlen (lines->pdata[i]) + 6;
  out = g_string_sized_new (size);

  g_string_append_printf (out, "{\n  \"charter-bookmarks\": %d,\n",
                          CHARTER_BOOKMARK_STORE_FORMAT);
  /* Near the top: peek_revision() reads only the file's first bytes. */
  if (revision != NULL)
    g_string_append_printf (out, "  \"revision\": \"%s\",\n", revision);
  g_string_append (out, "  \"columns\": [");
  for (guint i = 0; i < CHARTER_BOOKMARK_N_COLUMNS; i++)
    g_string_append_printf (out, i == 0 ? "\"%s\"" : ", \"%s\"",
                            charter_bookmark_column_name (i));
  g_string_append (out, "],\n  \"bookmarks\": [");
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, i == 0 ? "\n    " : ",\n    ");
      g_string_append (out, lines->pdata[i]);
    }
  g_string_append (out, lines->len > 0 ? "\n  ]" : "]");
  g_string_append_printf (out, ",\n  \"knowledge-bases\": %s", knowledge_bases);
  if (removed != NULL)
    g_string_append_printf (out, ",\n  \"removed\": [%s%s]", removed, *removed ? "\n  " : "");
  g_string_append (out, "\n}\n");

  *length = out->len;
  return g_string_free (out, FALSE);
}

static void
set_problem (CharterBookmarkStore *self,
             char                 *problem)
{
  g_free (self->problem);
  self->problem = problem;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
set_read_only (CharterBookmarkStore *self)
{
  if (self->read_only)
    return;
  self->read_only = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

/* Moves a damaged file aside; returns its new name for the reader, or NULL. */
static char *
move_aside (CharterBookmarkStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *path = g_file_get_path (self->file);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *aside_path = i == 0
        ? g_strdup_printf ("%s.corrupt-%s", path, stamp)
        : g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
      g_autoptr(GFile) aside = g_file_new_for_path (aside_path);

      g_clear_error (&error);
      if (g_file_move (self->file, aside, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL,
                       &error))
        return g_steal_pointer (&aside_path);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }

  g_warning ("Cannot move the damaged bookmarks file aside: %s", error->message);
  return NULL;
}

/* A file we cannot parse: kept, renamed, and the reader told. */
static void
handle_damaged (CharterBookmarkStore *self,
                GError               *error)
{
  g_autofree char *display = g_file_get_parse_name (self->file);
  g_autofree char *aside = NULL;

  if (g_error_matches (error, CHARTER_BOOKMARK_STORE_ERROR, CHARTER_BOOKMARK_STORE_ERROR_NEWER))
    {
      set_read_only (self);
      set_problem (self, g_strdup_printf (_("Your bookmarks file “%s” cannot be used: %s. "
                                            "Charter will not change it."),
                                          display, error->message));
      return;
    }

  aside = move_aside (self);
  if (aside == NULL)
    {
      set_read_only (self);
      set_problem (self, g_strdup_printf (_("Your bookmarks file “%s” is damaged (%s) and "
                                            "could not be moved aside. Charter will not "
                                            "change it."), display, error->message));
      return;
    }

  g_clear_pointer (&self->revision, g_free);
  set_problem (self, g_strdup_printf (_("Your bookmarks file was damaged (%s). It has been "
                                        "kept as “%s”, and a new one started."),
                                      error->message, aside));
}

/* Reads the file. Returns FALSE if there is nothing to merge (missing,
 * unreadable or damaged, each handled), TRUE with @contents otherwise.
 */
static gboolean
read_file (CharterBookmarkStore *self,
           Contents             *contents)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (!g_file_load_contents (self->file, NULL, &data, &length, NULL, &error))
    {
      g_autofree char *display = g_file_get_parse_name (self->file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return FALSE;

      set_read_only (self);
      set_problem (self, g_strdup_printf (_("Your bookmarks file “%s” cannot be read (%s). "
                                            "Charter will not change it; bookmarks made now "
                                            "last until Charter quits."),
                                          display, error->message));
      return FALSE;
    }

  if (!parse (data, length, contents, &error))
    {
      contents_clear (contents);
      handle_damaged (self, error);
      return FALSE;
    }

  return TRUE;
}

static guint
position_of (CharterBookmarkStore *self,
             CharterBookmark      *bookmark)
{
  guint position = 0;

  g_ptr_array_find (self->bookmarks, bookmark, &position);
  return position;
}

/* Takes in another copy of the bookmarks: see the comment at the top. */
static void
merge (CharterBookmarkStore *self,
       Contents             *contents)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, contents->removed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    remember_removal (self->removed, key, *(gint64 *) value);

  for (guint i = 0; i < self->bookmarks->len;)
    {
      CharterBookmark *bookmark = self->bookmarks->pdata[i];

      if (removed_at (self->removed, charter_bookmark_get_id (bookmark)) >=
          charter_bookmark_get_modified (bookmark))
        {
          g_hash_table_remove (self->by_id, charter_bookmark_get_id (bookmark));
          g_ptr_array_remove_index (self->bookmarks, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
        }
      else
        i++;
    }

  for (guint i = 0; i < contents->bookmarks->len; i++)
    {
      CharterBookmark *theirs = contents->bookmarks->pdata[i];
      const char *id = charter_bookmark_get_id (theirs);
      CharterBookmark *ours = g_hash_table_lookup (self->by_id, id);

      if (removed_at (self->removed, id) >= charter_bookmark_get_modified (theirs))
        continue;

      if (ours == NULL)
        {
          g_ptr_array_add (self->bookmarks, g_object_ref (theirs));
          g_hash_table_replace (self->by_id, (gpointer) id, theirs);
          g_list_model_items_changed (G_LIST_MODEL (self), self->bookmarks->len - 1, 0, 1);
        }
      else if (charter_bookmark_get_modified (theirs) > charter_bookmark_get_modified (ours))
        {
          guint position = position_of (self, ours);

          charter_bookmark_set_available (theirs, charter_bookmark_get_available (ours));
          g_hash_table_replace (self->by_id, (gpointer) id, theirs);
          g_ptr_array_index (self->bookmarks, position) = g_object_ref (theirs);
          g_object_unref (ours);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
        }
    }

  g_ptr_array_set_size (self->extra, 0);
  for (guint i = 0; i < contents->extra->len; i++)
    g_ptr_array_add (self->extra, json_node_copy (contents->extra->pdata[i]));
}

static char *
get_signature (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT
                          ":%" G_GINT64_FORMAT ".%09ld",
                          (guint64) st.st_dev, (guint64) st.st_ino, (gint64) st.st_size,
                          (gint64) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/* The revision the file holds now, from its first bytes; NULL if there is
 * no file, "" if none is found there.
 */
static char *
peek_revision (GFile *file)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  char buffer[512];
  gssize n;
  const char *p;
  const char *end;

  if (stream == NULL)
    return g_file_query_exists (file, NULL) ? g_strdup ("") : NULL;

  n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer - 1, NULL, NULL);
  if (n <= 0)
    return g_strdup ("");
  buffer[n] = '\0';

  p = strstr (buffer, "\"revision\"");
  if (p == NULL)
    return g_strdup ("");
  p = strchr (p + strlen ("\"revision\""), '"');
  end = p != NULL ? strchr (p + 1, '"') : NULL;
  if (end == NULL)
    return g_strdup ("");
  return g_strndup (p + 1, (gsize) (end - p - 1));
}

/* Holds other Charters off the file between reading and writing it. */
static int
lock_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lock_path = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);
  int fd;

  if (path == NULL)
    return -1;
  if (parent != NULL)
    g_file_make_directory_with_parents (parent, NULL, NULL);
  lock_path = g_strconcat (path, ".lock", NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, LOCK_EX) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

static void
unlock_file (int fd)
{
  if (fd >= 0)
    close (fd);
}

/* What a write needs, taken on the main thread. */
typedef struct
{
  GFile     *file;
  char      *revision;
  GPtrArray *lines;
  /* Rows of @lines still to make, from copies. */
  GPtrArray *jobs;
  char      *knowledge_bases;
  char      *removed;
  /* For a background write: the file must still be as last seen. */
  gboolean   check;
  char      *expected_revision;
  char      *expected_signature;
  /* Out: the written file's signature. */
  char      *signature;
} Write;

static void
write_free (Write *write)
{
  g_object_unref (write->file);
  g_free (write->revision);
  g_ptr_array_unref (write->lines);
  g_ptr_array_unref (write->jobs);
  g_free (write->knowledge_bases);
  g_free (write->removed);
  g_free (write->expected_revision);
  g_free (write->expected_signature);
  g_free (write->signature);
  g_free (write);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Write, write_free)

static Write *
write_new (CharterBookmarkStore *self,
           gboolean              check)
{
  Write *write = g_new0 (Write, 1);

  write->file = g_object_ref (self->file);
  write->revision = g_uuid_string_random ();
  write->lines = take_lines (self, TRUE, &write->knowledge_bases, &write->jobs);
  write->removed = removed_text (self);
  write->check = check;
  write->expected_revision = g_strdup (self->revision);
  write->expected_signature = g_strdup (self->signature);
  return write;
}

/* A temporary file, synced, renamed over @file: whole or not at all.
 * g_file_replace_contents() does that only when @file exists; the first
 * time, it writes @file in place, and a crash then leaves it torn (the
 * atomicity test caught it, one run in several).
 */
static gboolean
write_atomically (GFile       *file,
                  const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                    NULL, NULL, error);

  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* Runs in any thread: touches nothing but @write. */
static gboolean
write_run (Write    *write,
           gboolean  take_lock,
           GError  **error)
{
  g_autofree char *data = NULL;
  gsize length;
  gboolean written = FALSE;
  int lock = take_lock ? lock_file (write->file) : -1;

  if (write->check)
    {
      g_autofree char *current = peek_revision (write->file);
      g_autofree char *signature = get_signature (write->file);

      if (!(current == NULL && write->expected_revision == NULL) &&
          !(current != NULL && *current != '\0' &&
            g_strcmp0 (current, write->expected_revision) == 0 &&
            g_strcmp0 (signature, write->expected_signature) == 0))
        {
          unlock_file (lock);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                               "changed since it was read");
          return FALSE;
        }
    }

  make_rows (write->lines, write->jobs);
  data = compose (write->revision, write->lines, write->knowledge_bases, write->removed,
                  &length);
  if (write_atomically (write->file, data, length, error))
    {
      write->signature = get_signature (write->file);
      written = TRUE;
    }
  unlock_file (lock);

  return written;
}

static void
wrote (CharterBookmarkStore *self,
       Write                *write)
{
  g_free (self->revision);
  self->revision = g_steal_pointer (&write->revision);
  g_free (self->signature);
  self->signature = g_steal_pointer (&write->signature);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  CharterBookmarkStore *self = user_data;

  if (event == G_FILE_MONITOR_EVENT_CHANGED || event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;

  charter_bookmark_store_reload (self);
}

static GType
charter_bookmark_store_get_item_type (GListModel *model)
{
  return CHARTER_TYPE_BOOKMARK;
}

static guint
charter_bookmark_store_get_n_items (GListModel *model)
{
  return CHARTER_BOOKMARK_STORE (model)->bookmarks->len;
}

static gpointer
charter_bookmark_store_get_item (GListModel *model,
                                 guint       position)
{
  CharterBookmarkStore *self = CHARTER_BOOKMARK_STORE (model);

  if (position >= self->bookmarks->len)
    return NULL;
  return g_object_ref (self->bookmarks->pdata[position]);
}

static void
charter_bookmark_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = charter_bookmark_store_get_item_type;
  iface->get_n_items = charter_bookmark_store_get_n_items;
  iface->get_item = charter_bookmark_store_get_item;
}

static void
charter_bookmark_store_dispose (GObject *object)
{
  CharterBookmarkStore *self = CHARTER_BOOKMARK_STORE (object);

  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (charter_bookmark_store_parent_class)->dispose (object);
}

static void
charter_bookmark_store_finalize (GObject *object)
{
  CharterBookmarkStore *self = CHARTER_BOOKMARK_STORE (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->bookmarks, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);
  g_clear_pointer (&self->extra, g_ptr_array_unref);
  g_free (self->revision);
  g_free (self->signature);
  g_free (self->saving_revision);
  g_free (self->problem);

  G_OBJECT_CLASS (charter_bookmark_store_parent_class)->finalize (object);
}

static void
charter_bookmark_store_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CharterBookmarkStore *self = CHARTER_BOOKMARK_STORE (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_bookmark_store_class_init (CharterBookmarkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = charter_bookmark_store_dispose;
  object_class->finalize = charter_bookmark_store_finalize;
  object_class->get_property = charter_bookmark_store_get_property;

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
charter_bookmark_store_init (CharterBookmarkStore *self)
{
  self->bookmarks = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->removed = removed_new ();
  self->extra = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

/**
 * charter_bookmark_store_new:
 * @file: the bookmarks file; it need not exist
 *
 * Nothing is read until charter_bookmark_store_load().
 */
CharterBookmarkStore *
charter_bookmark_store_new (GFile *file)
{
  CharterBookmarkStore *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (CHARTER_TYPE_BOOKMARK_STORE, NULL);
  self->file = g_object_ref (file);

  return self;
}

GFile *
charter_bookmark_store_get_file (CharterBookmarkStore *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), NULL);

  return self->file;
}

/**
 * charter_bookmark_store_load:
 *
 * Reads the file, replacing what the store holds. Never fails: a missing
 * file is an empty store; a damaged, unreadable or newer one is handled as
 * described at the top, and #CharterBookmarkStore:problem says what happened.
 */
void
charter_bookmark_store_load (CharterBookmarkStore *self)
{
  g_auto(Contents) contents = CONTENTS_INIT;
  guint n_before;

  g_return_if_fail (CHARTER_IS_BOOKMARK_STORE (self));

  n_before = self->bookmarks->len;
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->bookmarks, 0);
  g_hash_table_remove_all (self->removed);
  g_ptr_array_set_size (self->extra, 0);
  g_clear_pointer (&self->revision, g_free);

  if (read_file (self, &contents))
    {
      self->revision = g_steal_pointer (&contents.revision);
      g_free (self->signature);
      self->signature = get_signature (self->file);
      for (guint i = 0; i < contents.bookmarks->len; i++)
        {
          CharterBookmark *bookmark = contents.bookmarks->pdata[i];

          g_ptr_array_add (self->bookmarks, g_object_ref (bookmark));
          g_hash_table_replace (self->by_id, (gpointer) charter_bookmark_get_id (bookmark),
                               bookmark);
        }
      g_clear_pointer (&self->removed, g_hash_table_unref);
      self->removed = g_steal_pointer (&contents.removed);
      g_ptr_array_extend_and_steal (self->extra, g_steal_pointer (&contents.extra));
    }

  if (n_before > 0 || self->bookmarks->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_before, self->bookmarks->len);
}

/**
 * charter_bookmark_store_get_problem:
 *
 * Returns: (nullable): what went wrong with the file, for the reader
 */
const char *
charter_bookmark_store_get_problem (CharterBookmarkStore *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), NULL);

  return self->problem;
}

/**
 * charter_bookmark_store_get_read_only:
 *
 * Returns: whether the store has given up writing its file, because it
 *   could not read it or it is from a newer Charter
 */
gboolean
charter_bookmark_store_get_read_only (CharterBookmarkStore *self)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), FALSE);

  return self->read_only;
}

/**
 * charter_bookmark_store_set_monitored:
 *
 * Watches the file: changes made from outside (another Charter, a sync
 * tool) are merged in as they happen.
 */
void
charter_bookmark_store_set_monitored (CharterBookmarkStore *self,
                                      gboolean              monitored)
{
  g_return_if_fail (CHARTER_IS_BOOKMARK_STORE (self));

  if (monitored == (self->monitor != NULL))
    return;

  if (!monitored)
    {
      g_file_monitor_cancel (self->monitor);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
      return;
    }

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
}

/**
 * charter_bookmark_store_lookup:
 *
 * Returns: (transfer none) (nullable): the bookmark with this id
 */
CharterBookmark *
charter_bookmark_store_lookup (CharterBookmarkStore *self,
                               const char           *id)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/**
 * charter_bookmark_store_find_entry:
 *
 * Returns: (transfer none) (nullable): a bookmark of the whole entry, if there is one
 */
CharterBookmark *
charter_bookmark_store_find_entry (CharterBookmarkStore *self,
                                   const char           *kb_id,
                                   const char           *entry_id)
{
  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), NULL);

  for (guint i = 0; i < self->bookmarks->len; i++)
    {
      CharterBookmark *bookmark = self->bookmarks->pdata[i];

      if (charter_bookmark_get_quote (bookmark) == NULL &&
          g_strcmp0 (charter_bookmark_get_kb_id (bookmark), kb_id) == 0 &&
          g_strcmp0 (charter_bookmark_get_entry_id (bookmark), entry_id) == 0)
        return bookmark;
    }
  return NULL;
}

static void start_save (CharterBookmarkStore *self);

static void
save_failed (CharterBookmarkStore *self,
             GError               *error)
{
  g_autofree char *display = g_file_get_parse_name (self->file);

  set_problem (self, g_strdup_printf (_("Your bookmarks could not be saved to “%s”: %s"),
                                      display, error->message));
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_run (task_data, TRUE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CharterBookmarkStore *self = CHARTER_BOOKMARK_STORE (object);
  Write *write = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  g_clear_pointer (&self->saving_revision, g_free);
  keep_rows (write->lines, write->jobs);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    wrote (self, write);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    {
      /* Someone wrote the file meanwhile: merge it in, here, then write. */
      g_clear_error (&error);
      if (!charter_bookmark_store_save (self, &error) && !self->read_only)
        save_failed (self, error);
    }
  else
    save_failed (self, error);

  if (self->save_pending)
    {
      self->save_pending = FALSE;
      start_save (self);
    }
}

static void
start_save (CharterBookmarkStore *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, save_done_cb, NULL);
  Write *write = write_new (self, TRUE);

  self->saving = TRUE;
  self->saving_revision = g_strdup (write->revision);
  g_task_set_source_tag (task, start_save);
  g_task_set_task_data (task, write, (GDestroyNotify) write_free);
  g_task_run_in_thread (task, save_thread);
}

/* Every change is saved at once, in the background: taking the lines is
 * all the main loop pays; one write at a time, the latest state last.
 */
static void
save_now (CharterBookmarkStore *self)
{
  if (self->read_only || self->in_sync_save)
    return;
  if (self->saving)
    self->save_pending = TRUE;
  else
    start_save (self);
}

/**
 * charter_bookmark_store_add:
 *
 * Adds @bookmark at the end, or puts it back where it was if one with its id
 * is there (an Undo), and saves.
 */
void
charter_bookmark_store_add (CharterBookmarkStore *self,
                            CharterBookmark      *bookmark)
{
  const char *id;

  g_return_if_fail (CHARTER_IS_BOOKMARK_STORE (self));
  g_return_if_fail (CHARTER_IS_BOOKMARK (bookmark));

  id = charter_bookmark_get_id (bookmark);
  if (g_hash_table_contains (self->by_id, id))
    return;

  /* Undoing a removal: the bookmark must be newer than its tombstone, here
   * and in every other store that has heard of the removal.
   */
  if (g_hash_table_remove (self->removed, id))
    charter_bookmark_touch (bookmark);
  g_ptr_array_add (self->bookmarks, g_object_ref (bookmark));
  g_hash_table_replace (self->by_id, (gpointer) id, bookmark);
  g_list_model_items_changed (G_LIST_MODEL (self), self->bookmarks->len - 1, 0, 1);

  save_now (self);
}

/**
 * charter_bookmark_store_remove:
 *
 * Removes a bookmark and saves.
 *
 * Returns: (transfer full) (nullable): the bookmark removed, to add back for Undo
 */
CharterBookmark *
charter_bookmark_store_remove (CharterBookmarkStore *self,
                               const char           *id)
{
  CharterBookmark *bookmark;
  guint position;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  bookmark = g_hash_table_lookup (self->by_id, id);
  if (bookmark == NULL)
    return NULL;

  position = position_of (self, bookmark);
  g_hash_table_remove (self->by_id, id);
  bookmark = g_ptr_array_steal_index (self->bookmarks, position);
  remember_removal (self->removed, charter_bookmark_get_id (bookmark),
                    MAX (g_get_real_time (), charter_bookmark_get_modified (bookmark)));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  save_now (self);

  return bookmark;
}

void
charter_bookmark_store_set_note (CharterBookmarkStore *self,
                                 const char           *id,
                                 const char           *note)
{
  CharterBookmark *bookmark;
  guint position;

  g_return_if_fail (CHARTER_IS_BOOKMARK_STORE (self));

  bookmark = g_hash_table_lookup (self->by_id, id);
  if (bookmark == NULL || g_strcmp0 (charter_bookmark_get_note (bookmark), note) == 0)
    return;

  charter_bookmark_set_note (bookmark, note);
  /* Lists show the note: the row must be made again. */
  position = position_of (self, bookmark);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  save_now (self);
}

/**
 * charter_bookmark_store_save:
 *
 * Writes the file atomically. If it changed since it was last read, by
 * another store or by hand, it is read and merged first.
 */
gboolean
charter_bookmark_store_save (CharterBookmarkStore  *self,
                             GError               **error)
{
  g_autoptr(Write) write = NULL;
  gboolean ok;
  int lock;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), FALSE);

  /* One writer at a time, in this process too. */
  charter_bookmark_store_flush (self);

  if (self->read_only)
    {
      g_set_error_literal (error, CHARTER_BOOKMARK_STORE_ERROR,
                           CHARTER_BOOKMARK_STORE_ERROR_READ_ONLY,
                           _("the bookmarks file could not be read, so it is not written"));
      return FALSE;
    }

  /* Under the lock, take in what others wrote, then write: no other
   * Charter can come between.
   */
  lock = lock_file (self->file);
  self->in_sync_save = TRUE;
  charter_bookmark_store_reload (self);
  self->in_sync_save = FALSE;
  if (self->read_only)
    {
      unlock_file (lock);
      g_set_error_literal (error, CHARTER_BOOKMARK_STORE_ERROR,
                           CHARTER_BOOKMARK_STORE_ERROR_READ_ONLY,
                           _("the bookmarks file could not be read, so it is not written"));
      return FALSE;
    }

  write = write_new (self, FALSE);
  ok = write_run (write, FALSE, error);
  keep_rows (write->lines, write->jobs);
  if (!ok)
    {
      unlock_file (lock);
      return FALSE;
    }
  unlock_file (lock);
  wrote (self, write);
  return TRUE;
}

/**
 * charter_bookmark_store_flush:
 *
 * Waits, running the thread-default main context, until no save is under
 * way: before quitting, and in tests.
 */
void
charter_bookmark_store_flush (CharterBookmarkStore *self)
{
  g_return_if_fail (CHARTER_IS_BOOKMARK_STORE (self));

  while (self->saving || self->save_pending)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
}

/**
 * charter_bookmark_store_reload:
 *
 * Merges in what the file holds now, if it changed since the store last
 * read or wrote it; if it has become damaged, it is moved aside and the
 * store's bookmarks written anew.
 */
void
charter_bookmark_store_reload (CharterBookmarkStore *self)
{
  g_auto(Contents) contents = CONTENTS_INIT;
  g_autofree char *current = NULL;
  g_autofree char *signature = NULL;

  g_return_if_fail (CHARTER_IS_BOOKMARK_STORE (self));

  current = peek_revision (self->file);
  signature = get_signature (self->file);
  if (current != NULL && *current != '\0' && g_strcmp0 (current, self->revision) == 0 &&
      g_strcmp0 (signature, self->signature) == 0)
    return;
  /* Our own background write, not yet reported back. */
  if (current != NULL && g_strcmp0 (current, self->saving_revision) == 0)
    return;
  if (current == NULL && self->revision == NULL)
    return;

  if (read_file (self, &contents))
    {
      g_free (self->revision);
      self->revision = g_steal_pointer (&contents.revision);
      g_free (self->signature);
      self->signature = get_signature (self->file);
      merge (self, &contents);
      return;
    }

  /* Gone, or damaged and moved aside: ours is what there is; write it. */
  g_clear_pointer (&self->revision, g_free);
  g_clear_pointer (&self->signature, g_free);
  if (!self->read_only && self->bookmarks->len > 0)
    save_now (self);
}

/**
 * charter_bookmark_store_check_knowledge_base:
 *
 * Marks the bookmarks of @kb whose entries it no longer has as unavailable,
 * and the others as available. Bookmarks are never dropped for it.
 */
void
charter_bookmark_store_check_knowledge_base (CharterBookmarkStore *self,
                                             CharterKnowledgeBase *kb)
{
  g_return_if_fail (CHARTER_IS_BOOKMARK_STORE (self));
  g_return_if_fail (CHARTER_IS_KNOWLEDGE_BASE (kb));

  for (guint i = 0; i < self->bookmarks->len; i++)
    {
      CharterBookmark *bookmark = self->bookmarks->pdata[i];

      if (g_strcmp0 (charter_bookmark_get_kb_id (bookmark),
                     charter_knowledge_base_get_id (kb)) != 0)
        continue;
      charter_bookmark_set_available (bookmark,
                                      charter_knowledge_base_lookup (
                                        kb, charter_bookmark_get_entry_id (bookmark)) != NULL);
    }
}

/**
 * charter_bookmark_store_export_json:
 *
 * Returns: (transfer full): every bookmark, in the file's format, for
 *   charter_bookmark_store_import_json()
 */
char *
charter_bookmark_store_export_json (CharterBookmarkStore *self)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *knowledge_bases = NULL;
  gsize length;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), NULL);

  lines = take_lines (self, FALSE, &knowledge_bases, &jobs);
  make_rows (lines, jobs);
  keep_rows (lines, jobs);
  return compose (NULL, lines, knowledge_bases, NULL, &length);
}

/**
 * charter_bookmark_store_export_to_file:
 * @markdown: %TRUE for charter_bookmark_store_export_markdown(), %FALSE for
 *   charter_bookmark_store_export_json()
 *
 * Writes every bookmark to @file as the bookmarks file itself is written:
 * whole or not at all, an existing file replaced only once the new one is
 * on disk.
 */
gboolean
charter_bookmark_store_export_to_file (CharterBookmarkStore  *self,
                                       GFile                 *file,
                                       gboolean               markdown,
                                       GError               **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = markdown ? charter_bookmark_store_export_markdown (self)
                  : charter_bookmark_store_export_json (self);
  return write_atomically (file, text, strlen (text), error);
}

static void
append_markdown_text (GString    *out,
                      const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr ("\\`*_[]<>#|", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p == '\n' ? ' ' : *p);
    }
}

/**
 * charter_bookmark_store_export_markdown:
 *
 * Returns: (transfer full): every bookmark for reading elsewhere: title,
 *   link, note and quoted passage
 */
char *
charter_bookmark_store_export_markdown (CharterBookmarkStore *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), NULL);

  g_string_append_printf (out, "# %s\n", _("Bookmarks"));
  for (guint i = 0; i < self->bookmarks->len; i++)
    {
      CharterBookmark *bookmark = self->bookmarks->pdata[i];
      const char *uri = charter_bookmark_get_kb_uri (bookmark);
      const char *quote = charter_bookmark_get_quote (bookmark);
      const char *note = charter_bookmark_get_note (bookmark);

      g_string_append (out, "\n## ");
      append_markdown_text (out, charter_bookmark_get_entry_title (bookmark));
      g_string_append (out, "\n\n");
      /* kb: links are how knowledge bases link to their own entries. */
      g_string_append_printf (out, "[kb:%s](kb:%s) — ", charter_bookmark_get_entry_id (bookmark),
                              charter_bookmark_get_entry_id (bookmark));
      append_markdown_text (out, charter_bookmark_get_kb_title (bookmark));
      if (uri != NULL)
        g_string_append_printf (out, " (<%s>)", uri);
      g_string_append (out, "\n");

      if (note != NULL && *note != '\0')
        {
          g_string_append (out, "\n");
          append_markdown_text (out, note);
          g_string_append (out, "\n");
        }
      if (quote != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (quote, "\n", -1);

          g_string_append (out, "\n");
          for (guint k = 0; lines[k] != NULL; k++)
            {
              g_string_append (out, "> ");
              append_markdown_text (out, lines[k]);
              g_string_append (out, "\n");
            }
        }
    }

  return g_string_free (out, FALSE);
}

/* What a bookmark says, whatever its id: two that say the same are one. */
static char *
content_key (CharterBookmark *bookmark)
{
  return g_strjoin ("\x1f", charter_bookmark_get_kb_id (bookmark),
                    charter_bookmark_get_entry_id (bookmark),
                    charter_bookmark_get_quote (bookmark) ?: "\x1e",
                    charter_bookmark_get_note (bookmark), NULL);
}

/**
 * charter_bookmark_store_import_json:
 * @data: an export from charter_bookmark_store_export_json(), or a bookmarks file
 *
 * Merges the bookmarks in: one already here (same id) keeps its later
 * version; one that says what one here says, under another id, is skipped.
 *
 * Returns: how many bookmarks were added, or -1 with @error set
 */
int
charter_bookmark_store_import_json (CharterBookmarkStore  *self,
                                    const char            *data,
                                    gssize                 length,
                                    GError               **error)
{
  g_auto(Contents) contents = CONTENTS_INIT;
  g_autoptr(GHashTable) contents_seen = NULL;
  int added = 0;
  gboolean changed = FALSE;

  g_return_val_if_fail (CHARTER_IS_BOOKMARK_STORE (self), -1);
  g_return_val_if_fail (data != NULL, -1);

  if (length < 0)
    length = (gssize) strlen (data);
  if (!parse (data, (gsize) length, &contents, error))
    return -1;

  contents_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->bookmarks->len; i++)
    g_hash_table_add (contents_seen, content_key (self->bookmarks->pdata[i]));

  for (guint i = 0; i < contents.bookmarks->len; i++)
    {
      CharterBookmark *theirs = contents.bookmarks->pdata[i];
      CharterBookmark *ours = g_hash_table_lookup (self->by_id,
                                                   charter_bookmark_get_id (theirs));
      gboolean same = FALSE;

      if (ours != NULL)
        {
          if (charter_bookmark_get_modified (theirs) > charter_bookmark_get_modified (ours))
            {
              guint position = position_of (self, ours);

              g_hash_table_replace (self->by_id, (gpointer) charter_bookmark_get_id (theirs),
                                   theirs);
              g_ptr_array_index (self->bookmarks, position) = g_object_ref (theirs);
              g_object_unref (ours);
              g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
              changed = TRUE;
            }
          continue;
        }

      {
        g_autofree char *key = content_key (theirs);

        same = g_hash_table_contains (contents_seen, key);
      }
      if (same)
        continue;

      g_hash_table_add (contents_seen, content_key (theirs));
      g_hash_table_remove (self->removed, charter_bookmark_get_id (theirs));
      g_ptr_array_add (self->bookmarks, g_object_ref (theirs));
      g_hash_table_replace (self->by_id, (gpointer) charter_bookmark_get_id (theirs), theirs);
      g_list_model_items_changed (G_LIST_MODEL (self), self->bookmarks->len - 1, 0, 1);
      added++;
      changed = TRUE;
    }

  if (changed)
    save_now (self);

  return added;
}
