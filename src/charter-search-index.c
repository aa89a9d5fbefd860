/* charter-search-index.c: a knowledge base's full-text index (SQLite FTS5)
 *
 * One FTS5 table, contentless (the text is in the knowledge base already),
 * with four columns ranked by BM25: title ≫ summary > headings > body. Row
 * ids are document positions in the knowledge base, plus one. The text
 * indexed is each document's rendering, the plain text the view shows, and
 * the tokenizer is Charter's own (charter-tokenizer.c), so the places the
 * index matches are the places the highlighter paints.
 *
 * The index is built in memory by a worker thread, then copied to
 * $XDG_CACHE_HOME/…/search/<sha256 of the file>.sqlite; an unchanged file
 * reopens its copy, which is ready as soon as it is opened. A copy from
 * another index version, for other content, or unreadable is rebuilt
 * without a word: it is only a cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-search"

#include "config.h"

#include "charter-search-index.h"
#include "charter-tokenizer.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#define N_COLUMNS 4

/* BM25 weights of title, summary, headings and body, and its constants. */
static const double column_weights[N_COLUMNS] = { 10.0, 4.0, 3.0, 1.0 };
#define BM25_K1 1.2
#define BM25_B  0.75

/* Every document's length in tokens, all columns together, by row id: what
 * BM25 normalises by. FTS5's own bm25() looks each one up in a table, one
 * statement per matching row, which is most of its cost on a query that
 * matches thousands of documents.
 */
typedef struct
{
  guint32 *lengths;
  guint    n_rows;
  double   average;
} Sizes;

static void
sizes_free (Sizes *sizes)
{
  g_free (sizes->lengths);
  g_free (sizes);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sizes, sizes_free)

struct _CharterSearchIndex
{
  GObject               parent_instance;
  CharterKnowledgeBase *kb;
  char                 *cache_dir;
  char                 *cache_path;
  /* Owned by the worker while preparing, by the index once ready. */
  sqlite3              *db;
  gboolean              ready;
  gboolean              from_cache;
  gboolean              preparing;
  double                progress;
};

enum {
  PROP_0,
  PROP_KNOWLEDGE_BASE,
  PROP_READY,
  PROP_FROM_CACHE,
  PROP_PROGRESS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CharterSearchIndex, charter_search_index, G_TYPE_OBJECT)

G_DEFINE_QUARK (charter-search-index-error-quark, charter_search_index_error)

static GParamSpec *properties[N_PROPS];

/* FTS5 tokenizer glue: the tokenizer has no state. */

typedef struct
{
  void *context;
  int (*token) (void *, int, const char *, int, int, int);
  int   rc;
} TokenizeCall;

static int
tokenizer_create (void            *user_data,
                  const char     **args,
                  int              n_args,
                  Fts5Tokenizer  **tokenizer)
{
  /* Any non-NULL pointer: there is nothing to keep. */
  *tokenizer = (Fts5Tokenizer *) tokenizer_create;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
}

static gboolean
emit_token_cb (const char *token,
               gsize       token_length,
               gsize       start,
               gsize       end,
               gpointer    user_data)
{
  TokenizeCall *call = user_data;

  call->rc = call->token (call->context, 0, token, (int) token_length, (int) start, (int) end);
  return call->rc == SQLITE_OK;
}

static int
tokenizer_tokenize (Fts5Tokenizer *tokenizer,
                    void          *context,
                    int            flags,
                    const char    *text,
                    int            length,
                    int          (*token) (void *, int, const char *, int, int, int))
{
  TokenizeCall call = { context, token, SQLITE_OK };

  if (length > 0)
    charter_tokenize (text, (gsize) length, emit_token_cb, &call);
  return call.rc;
}

static gboolean
register_tokenizer (sqlite3  *db,
                    GError  **error)
{
  static fts5_tokenizer tokenizer = {
    tokenizer_create, tokenizer_delete, tokenizer_tokenize,
  };
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (api == NULL || api->iVersion < 2 ||
      api->xCreateTokenizer (api, "charter", NULL, &tokenizer, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, CHARTER_SEARCH_INDEX_ERROR,
                           CHARTER_SEARCH_INDEX_ERROR_FAILED,
                           _("SQLite was built without full-text search (FTS5)"));
      return FALSE;
    }

  return TRUE;
}

/* FTS5 keeps a row's column sizes as SQLite varints. */
static const guchar *
read_varint (const guchar *p,
             const guchar *end,
             guint64      *value)
{
  *value = 0;
  for (guint i = 0; i < 9 && p < end; i++, p++)
    {
      if (i == 8)
        {
          *value = (*value << 8) | *p;
          return p + 1;
        }
      *value = (*value << 7) | (*p & 0x7f);
      if ((*p & 0x80) == 0)
        return p + 1;
    }
  return p;
}

static Sizes *
load_sizes (sqlite3 *db,
            guint    n_rows)
{
  g_autoptr(Sizes) sizes = g_new0 (Sizes, 1);
  sqlite3_stmt *stmt = NULL;
  guint64 total = 0;

  sizes->n_rows = n_rows;
  sizes->lengths = g_new0 (guint32, (gsize) n_rows + 1);

  if (sqlite3_prepare_v2 (db, "SELECT id, sz FROM docs_docsize", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_int64 id = sqlite3_column_int64 (stmt, 0);
      const guchar *p = sqlite3_column_blob (stmt, 1);
      const guchar *end = p + sqlite3_column_bytes (stmt, 1);
      guint64 length = 0;

      if (id < 1 || id > n_rows || p == NULL)
        continue;
      while (p < end)
        {
          guint64 column;

          p = read_varint (p, end, &column);
          length += column;
        }
      sizes->lengths[id] = (guint32) MIN (length, G_MAXUINT32);
      total += length;
    }
  if (sqlite3_finalize (stmt) != SQLITE_OK)
    return NULL;

  sizes->average = n_rows > 0 ? MAX (1.0, (double) total / n_rows) : 1.0;
  return g_steal_pointer (&sizes);
}

typedef struct
{
  int     n_phrases;
  double *idf;
} QueryStats;

static void
query_stats_free (gpointer data)
{
  QueryStats *stats = data;

  g_free (stats->idf);
  g_free (stats);
}

static int
count_row_cb (const Fts5ExtensionApi *api,
              Fts5Context            *fts,
              void                   *user_data)
{
  (*(sqlite3_int64 *) user_data)++;
  return SQLITE_OK;
}

static QueryStats *
get_query_stats (const Fts5ExtensionApi *api,
                 Fts5Context            *fts,
                 const Sizes            *sizes)
{
  QueryStats *stats = api->xGetAuxdata (fts, 0);

  if (stats != NULL)
    return stats;

  stats = g_new0 (QueryStats, 1);
  stats->n_phrases = api->xPhraseCount (fts);
  stats->idf = g_new0 (double, stats->n_phrases);
  for (int i = 0; i < stats->n_phrases; i++)
    {
      sqlite3_int64 n_hits = 0;
      double n = sizes->n_rows;

      api->xQueryPhrase (fts, i, &n_hits, count_row_cb);
      /* As FTS5's bm25(): a term in most documents still counts, a little. */
      stats->idf[i] = MAX (1e-6, log ((n - n_hits + 0.5) / (n_hits + 0.5)));
    }
  api->xSetAuxdata (fts, stats, query_stats_free);

  return stats;
}

/* charter_rank(docs): FTS5's BM25 with Charter's column weights, lower is
 * better, reading document lengths from memory.
 */
static void
rank_function (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *context,
               int                      n_args,
               sqlite3_value          **args)
{
  const Sizes *sizes = api->xUserData (fts);
  QueryStats *stats = get_query_stats (api, fts, sizes);
  sqlite3_int64 rowid = api->xRowid (fts);
  double length = rowid >= 1 && rowid <= sizes->n_rows ? sizes->lengths[rowid] : sizes->average;
  double norm = BM25_K1 * (1.0 - BM25_B + BM25_B * length / sizes->average);
  double score = 0.0;

  for (int i = 0; i < stats->n_phrases; i++)
    {
      Fts5PhraseIter iter;
      double frequency = 0.0;
      int column, offset;

      api->xPhraseFirst (fts, i, &iter, &column, &offset);
      for (; column >= 0; api->xPhraseNext (fts, &iter, &column, &offset))
        if (column < N_COLUMNS)
          frequency += column_weights[column];

      if (frequency > 0.0)
        score += stats->idf[i] * frequency * (BM25_K1 + 1.0) / (frequency + norm);
    }

  sqlite3_result_double (context, -score);
}

static gboolean
register_rank (sqlite3  *db,
               Sizes    *sizes,
               GError  **error)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (api == NULL ||
      api->xCreateFunction (api, "charter_rank", sizes, rank_function,
                            (void (*) (void *)) sizes_free) != SQLITE_OK)
    {
      sizes_free (sizes);
      g_set_error_literal (error, CHARTER_SEARCH_INDEX_ERROR,
                           CHARTER_SEARCH_INDEX_ERROR_FAILED,
                           _("SQLite was built without full-text search (FTS5)"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_sqlite_error (sqlite3  *db,
                  GError  **error)
{
  int code = sqlite3_errcode (db) & 0xff;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    g_set_error (error, CHARTER_SEARCH_INDEX_ERROR, CHARTER_SEARCH_INDEX_ERROR_CORRUPT,
                 _("The search index is damaged: %s"), sqlite3_errmsg (db));
  else
    g_set_error (error, CHARTER_SEARCH_INDEX_ERROR, CHARTER_SEARCH_INDEX_ERROR_FAILED,
                 _("The search index failed: %s"), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (db, error);
  return TRUE;
}

static sqlite3 *
open_db (const char  *path,
         int          flags,
         GError     **error)
{
  sqlite3 *db = NULL;

  /* One thread at a time uses a connection (the worker, then the owner):
   * SQLite's own locking would only cost time.
   */
  if (sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      if (db == NULL)
        g_set_error_literal (error, CHARTER_SEARCH_INDEX_ERROR,
                             CHARTER_SEARCH_INDEX_ERROR_FAILED, g_strerror (ENOMEM));
      else
        set_sqlite_error (db, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, FALSE);

  if (!register_tokenizer (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static char *
get_meta (sqlite3    *db,
          const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt,
                          NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

/* Opens a cached index if it is the one this knowledge base needs. */
static sqlite3 *
open_cached (CharterSearchIndex *self)
{
  g_autofree char *version = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *n_documents = NULL;
  g_autofree char *expected_documents = NULL;
  sqlite3 *db;

  if (self->cache_path == NULL || !g_file_test (self->cache_path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  db = open_db (self->cache_path, SQLITE_OPEN_READONLY, NULL);
  if (db == NULL)
    return NULL;

  version = get_meta (db, "version");
  hash = get_meta (db, "content-hash");
  n_documents = get_meta (db, "documents");
  expected_documents =
    g_strdup_printf ("%u", g_list_model_get_n_items (
                       charter_knowledge_base_get_documents (self->kb)));

  if (g_strcmp0 (version, G_STRINGIFY (CHARTER_SEARCH_INDEX_VERSION)) != 0 ||
      g_strcmp0 (hash, charter_knowledge_base_get_content_hash (self->kb)) != 0 ||
      g_strcmp0 (n_documents, expected_documents) != 0 ||
      sqlite3_exec (db, "SELECT count(*) FROM docs_data", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_debug ("Cached index %s is stale or damaged; rebuilding", self->cache_path);
      sqlite3_close (db);
      return NULL;
    }

  /* Queries touch much of a small index: map it rather than copy pages in. */
  sqlite3_exec (db, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;",
                NULL, NULL, NULL);

  return db;
}

typedef struct
{
  CharterSearchIndex *index;
  double              progress;
} ProgressUpdate;

static gboolean
progress_cb (gpointer data)
{
  ProgressUpdate *update = data;

  if (update->index->preparing && update->progress > update->index->progress)
    {
      update->index->progress = update->progress;
      g_object_notify_by_pspec (G_OBJECT (update->index), properties[PROP_PROGRESS]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->index);
  g_free (update);
}

static void
report_progress (CharterSearchIndex *self,
                 GMainContext       *context,
                 double              progress)
{
  ProgressUpdate *update;

  if (context == NULL)
    return;
  update = g_new (ProgressUpdate, 1);
  update->index = g_object_ref (self);
  update->progress = progress;
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, progress_cb, update, progress_free);
}

/* The headings of a rendering, one per line: they rank above the body. */
static char *
collect_headings (CharterRichText *text)
{
  const char *plain = charter_rich_text_get_text (text);
  const char *p = plain;
  guint p_offset = 0;
  GString *headings = g_string_new (NULL);

  for (guint i = 0; i < charter_rich_text_get_n_spans (text); i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (text, i);
      const char *start;
      const char *end;

      if (span->kind != CHARTER_SPAN_HEADING)
        continue;
      if (span->start < p_offset)
        {
          p = plain;
          p_offset = 0;
        }
      start = g_utf8_offset_to_pointer (p, span->start - p_offset);
      end = g_utf8_offset_to_pointer (start, span->end - span->start);
      g_string_append_len (headings, start, end - start);
      g_string_append_c (headings, '\n');
      p = end;
      p_offset = span->end;
    }

  return g_string_free (headings, FALSE);
}

/* Rendering (cmark) and indexing (FTS5) each take about half the time: a
 * second thread renders ahead while this one indexes. At most
 * RENDER_AHEAD renderings wait, so memory stays bounded.
 */
#define RENDER_AHEAD 64

typedef struct
{
  guint            position;
  CharterDocument *document;
  CharterRichText *text;
  char            *headings;
} Rendered;

typedef struct
{
  GListModel  *documents;
  GAsyncQueue *rendered;
  GAsyncQueue *slots;
  gint         stop;
} Pipeline;

static void
rendered_free (Rendered *rendered)
{
  g_clear_object (&rendered->document);
  g_clear_pointer (&rendered->text, charter_rich_text_unref);
  g_free (rendered->headings);
  g_free (rendered);
}

static gpointer
render_thread (gpointer data)
{
  Pipeline *pipeline = data;
  guint n_documents = g_list_model_get_n_items (pipeline->documents);

  for (guint i = 0; i < n_documents && !g_atomic_int_get (&pipeline->stop); i++)
    {
      Rendered *rendered = g_new0 (Rendered, 1);

      g_async_queue_pop (pipeline->slots);
      rendered->position = i;
      rendered->document = g_list_model_get_item (pipeline->documents, i);
      rendered->text = charter_document_render (rendered->document);
      rendered->headings = collect_headings (rendered->text);
      g_async_queue_push (pipeline->rendered, rendered);
    }

  /* The end: a rendering with no document. */
  g_async_queue_push (pipeline->rendered, g_new0 (Rendered, 1));
  return NULL;
}

static gboolean
insert_documents (CharterSearchIndex  *self,
                  sqlite3             *db,
                  GMainContext        *context,
                  GCancellable        *cancellable,
                  GError             **error)
{
  Pipeline pipeline = { charter_knowledge_base_get_documents (self->kb), NULL, NULL, 0 };
  guint n_documents = g_list_model_get_n_items (pipeline.documents);
  sqlite3_stmt *insert = NULL;
  gboolean ok = TRUE;
  guint reported = 0;
  GThread *thread;

  if (sqlite3_prepare_v2 (db, "INSERT INTO docs (rowid, title, summary, headings, body) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", -1, &insert, NULL) != SQLITE_OK)
    return set_sqlite_error (db, error);

  pipeline.rendered = g_async_queue_new ();
  pipeline.slots = g_async_queue_new ();
  for (guint i = 0; i < RENDER_AHEAD; i++)
    g_async_queue_push (pipeline.slots, GUINT_TO_POINTER (1));
  thread = g_thread_new ("charter-render", render_thread, &pipeline);

  for (;;)
    {
      Rendered *rendered = g_async_queue_pop (pipeline.rendered);
      CharterEntry *entry = CHARTER_ENTRY (rendered->document);

      g_async_queue_push (pipeline.slots, GUINT_TO_POINTER (1));
      if (rendered->document == NULL)
        {
          rendered_free (rendered);
          break;
        }

      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;

      if (ok)
        {
          sqlite3_bind_int64 (insert, 1, (sqlite3_int64) rendered->position + 1);
          sqlite3_bind_text (insert, 2, charter_entry_get_title (entry), -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 3, charter_entry_get_summary (entry), -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 4, rendered->headings, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 5, charter_rich_text_get_text (rendered->text), -1,
                             SQLITE_STATIC);
          if (sqlite3_step (insert) != SQLITE_DONE)
            ok = set_sqlite_error (db, error);
          sqlite3_reset (insert);
        }

      if (!ok)
        g_atomic_int_set (&pipeline.stop, 1);
      else if ((rendered->position + 1) * 100 / n_documents > reported)
        {
          reported = (rendered->position + 1) * 100 / n_documents;
          report_progress (self, context, reported / 100.0);
        }
      rendered_free (rendered);
    }

  g_thread_join (thread);
  g_async_queue_unref (pipeline.rendered);
  g_async_queue_unref (pipeline.slots);
  sqlite3_finalize (insert);

  return ok;
}

static sqlite3 *
build (CharterSearchIndex  *self,
       GMainContext        *context,
       GCancellable        *cancellable,
       GError             **error)
{
  guint n_documents =
    g_list_model_get_n_items (charter_knowledge_base_get_documents (self->kb));
  g_autofree char *meta = NULL;
  gint64 started = g_get_monotonic_time ();
  sqlite3 *db;

  db = open_db (":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (db == NULL)
    return NULL;

  /* The whole build is one transaction, flushed from memory once: FTS5
   * then writes one segment, not one per megabyte, and merges nothing.
   */
  meta = g_strdup_printf ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                          "INSERT INTO meta VALUES ('version', '%d'), ('documents', '%u');"
                          "CREATE VIRTUAL TABLE docs USING fts5 (title, summary, headings, "
                          "body, tokenize = 'charter', content = '', prefix = '2 3');"
                          "INSERT INTO docs (docs, rank) VALUES ('hashsize', 268435456);"
                          "INSERT INTO docs (docs, rank) VALUES ('automerge', 0);"
                          "BEGIN;",
                          CHARTER_SEARCH_INDEX_VERSION, n_documents);
  if (!exec (db, meta, error))
    goto fail;

  if (charter_knowledge_base_get_content_hash (self->kb) != NULL)
    {
      sqlite3_stmt *stmt = NULL;

      sqlite3_prepare_v2 (db, "INSERT INTO meta VALUES ('content-hash', ?1)", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, charter_knowledge_base_get_content_hash (self->kb), -1,
                         SQLITE_STATIC);
      sqlite3_step (stmt);
      if (sqlite3_finalize (stmt) != SQLITE_OK)
        {
          set_sqlite_error (db, error);
          goto fail;
        }
    }

  if (!insert_documents (self, db, context, cancellable, error))
    goto fail;
  g_debug ("Indexed %u documents in %.0f ms", n_documents,
           (g_get_monotonic_time () - started) / 1000.0);

  if (!exec (db, "COMMIT; INSERT INTO docs (docs) VALUES ('optimize');", error))
    goto fail;
  g_debug ("Index built and merged in %.0f ms", (g_get_monotonic_time () - started) / 1000.0);

  return db;

fail:
  sqlite3_close (db);
  return NULL;
}

static int
compare_mtimes (gconstpointer a,
                gconstpointer b)
{
  GFileInfo *info_a = *(GFileInfo **) a;
  GFileInfo *info_b = *(GFileInfo **) b;
  guint64 time_a = g_file_info_get_attribute_uint64 (info_a, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  guint64 time_b = g_file_info_get_attribute_uint64 (info_b, G_FILE_ATTRIBUTE_TIME_MODIFIED);

  return time_a > time_b ? -1 : time_a < time_b;
}

/* Keeps the cache folder from growing without end. */
static void
prune_cache (const char *cache_dir)
{
  g_autoptr(GFile) dir = g_file_new_for_path (cache_dir);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children == NULL)
    return;

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      if (g_str_has_suffix (g_file_info_get_name (info), ".sqlite"))
        g_ptr_array_add (infos, info);
      else
        g_object_unref (info);
    }

  g_ptr_array_sort (infos, compare_mtimes);
  for (guint i = CHARTER_SEARCH_INDEX_MAX_CACHED; i < infos->len; i++)
    {
      g_autofree char *path = g_build_filename (cache_dir,
                                                g_file_info_get_name (infos->pdata[i]), NULL);

      g_unlink (path);
    }
}

/* Copies the built index to the cache: a temporary file, synced, renamed,
 * so a crash leaves the old copy or none, never half of one.
 */
static void
save_cache (CharterSearchIndex *self,
            sqlite3            *db)
{
  g_autofree char *tmp_path = NULL;
  sqlite3_backup *backup;
  sqlite3 *file_db = NULL;
  int fd;
  int rc;

  if (self->cache_path == NULL)
    return;

  if (g_mkdir_with_parents (self->cache_dir, 0700) != 0)
    {
      g_debug ("Cannot create %s: %s", self->cache_dir, g_strerror (errno));
      return;
    }

  tmp_path = g_strconcat (self->cache_path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0600);
  if (fd < 0)
    {
      g_debug ("Cannot create %s: %s", tmp_path, g_strerror (errno));
      return;
    }
  close (fd);

  if (sqlite3_open_v2 (tmp_path, &file_db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_exec (file_db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;",
                NULL, NULL, NULL);
  backup = sqlite3_backup_init (file_db, "main", db, "main");
  if (backup == NULL)
    goto fail;
  sqlite3_backup_step (backup, -1);
  rc = sqlite3_backup_finish (backup);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_close (g_steal_pointer (&file_db));

  fd = g_open (tmp_path, O_RDONLY, 0);
  if (fd < 0 || fsync (fd) != 0)
    {
      if (fd >= 0)
        close (fd);
      goto fail;
    }
  close (fd);

  if (g_rename (tmp_path, self->cache_path) != 0)
    goto fail;

  prune_cache (self->cache_dir);
  g_debug ("Index saved to %s", self->cache_path);
  return;

fail:
  g_debug ("Cannot save the search index to %s", self->cache_path);
  sqlite3_close (file_db);
  g_unlink (tmp_path);
}

/* Worker-side preparation; returns the database to search. */
static sqlite3 *
prepare (CharterSearchIndex  *self,
         GMainContext        *context,
         gboolean            *from_cache,
         GCancellable        *cancellable,
         GError             **error)
{
  guint n_documents =
    g_list_model_get_n_items (charter_knowledge_base_get_documents (self->kb));
  Sizes *sizes;
  sqlite3 *db;

  db = open_cached (self);
  *from_cache = db != NULL;
  if (db != NULL)
    {
      sizes = load_sizes (db, n_documents);
      if (sizes == NULL)
        {
          g_debug ("Cached index %s is damaged; rebuilding", self->cache_path);
          g_clear_pointer (&db, sqlite3_close);
          *from_cache = FALSE;
        }
    }

  if (db == NULL)
    {
      db = build (self, context, cancellable, error);
      if (db == NULL)
        return NULL;
      save_cache (self, db);

      sizes = load_sizes (db, n_documents);
      if (sizes == NULL)
        {
          set_sqlite_error (db, error);
          sqlite3_close (db);
          return NULL;
        }
    }

  if (!register_rank (db, sizes, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static void
set_ready (CharterSearchIndex *self,
           sqlite3            *db,
           gboolean            from_cache)
{
  self->preparing = FALSE;
  g_clear_pointer (&self->db, sqlite3_close);
  self->db = db;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->progress != 1.0)
    {
      self->progress = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (self->from_cache != from_cache)
    {
      self->from_cache = from_cache;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_CACHE]);
    }
  if (!self->ready)
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CharterSearchIndex *self = source_object;
  GMainContext *context = task_data;
  GError *error = NULL;
  gboolean from_cache = FALSE;
  sqlite3 *db;

  db = prepare (self, context, &from_cache, cancellable, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_object_set_data (G_OBJECT (task), "from-cache", GINT_TO_POINTER (from_cache));
  g_task_return_pointer (task, db, (GDestroyNotify) sqlite3_close);
}

static void
charter_search_index_finalize (GObject *object)
{
  CharterSearchIndex *self = CHARTER_SEARCH_INDEX (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->kb);
  g_free (self->cache_dir);
  g_free (self->cache_path);

  G_OBJECT_CLASS (charter_search_index_parent_class)->finalize (object);
}

static void
charter_search_index_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CharterSearchIndex *self = CHARTER_SEARCH_INDEX (object);

  switch (prop_id)
    {
    case PROP_KNOWLEDGE_BASE:
      g_value_set_object (value, self->kb);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_FROM_CACHE:
      g_value_set_boolean (value, self->from_cache);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_search_index_class_init (CharterSearchIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = charter_search_index_finalize;
  object_class->get_property = charter_search_index_get_property;

  properties[PROP_KNOWLEDGE_BASE] =
    g_param_spec_object ("knowledge-base", NULL, NULL, CHARTER_TYPE_KNOWLEDGE_BASE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM_CACHE] =
    g_param_spec_boolean ("from-cache", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
charter_search_index_init (CharterSearchIndex *self)
{
}

/**
 * charter_search_index_new:
 * @kb: the knowledge base to index
 * @cache_dir: (nullable): where to keep built indexes, or %NULL for none
 */
CharterSearchIndex *
charter_search_index_new (CharterKnowledgeBase *kb,
                          const char           *cache_dir)
{
  CharterSearchIndex *self;
  const char *hash;

  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (kb), NULL);

  self = g_object_new (CHARTER_TYPE_SEARCH_INDEX, NULL);
  self->kb = g_object_ref (kb);
  hash = charter_knowledge_base_get_content_hash (kb);
  if (cache_dir != NULL && hash != NULL)
    {
      g_autofree char *name = g_strconcat (hash, ".sqlite", NULL);

      self->cache_dir = g_strdup (cache_dir);
      self->cache_path = g_build_filename (cache_dir, name, NULL);
    }

  return self;
}

CharterKnowledgeBase *
charter_search_index_get_knowledge_base (CharterSearchIndex *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), NULL);

  return self->kb;
}

/**
 * charter_search_index_get_cache_path:
 *
 * Returns: (nullable): the file the index is cached in, if caching
 */
const char *
charter_search_index_get_cache_path (CharterSearchIndex *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), NULL);

  return self->cache_path;
}

gboolean
charter_search_index_get_ready (CharterSearchIndex *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), FALSE);

  return self->ready;
}

/**
 * charter_search_index_get_from_cache:
 *
 * Returns: whether the index was read from the cache rather than built
 */
gboolean
charter_search_index_get_from_cache (CharterSearchIndex *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), FALSE);

  return self->from_cache;
}

double
charter_search_index_get_progress (CharterSearchIndex *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), 0.0);

  return self->progress;
}

/**
 * charter_search_index_prepare:
 *
 * Opens the cached index, or builds it (and caches it), in this thread.
 */
gboolean
charter_search_index_prepare (CharterSearchIndex  *self,
                              GCancellable        *cancellable,
                              GError             **error)
{
  gboolean from_cache = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), FALSE);
  g_return_val_if_fail (!self->preparing, FALSE);

  db = prepare (self, NULL, &from_cache, cancellable, error);
  if (db == NULL)
    return FALSE;

  set_ready (self, db, from_cache);
  return TRUE;
}

/**
 * charter_search_index_prepare_async:
 *
 * Opens or builds the index in a worker thread; #CharterSearchIndex:progress
 * moves meanwhile, and #CharterSearchIndex:ready turns %TRUE when done.
 */
void
charter_search_index_prepare_async (CharterSearchIndex  *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHARTER_IS_SEARCH_INDEX (self));
  g_return_if_fail (!self->preparing);

  self->preparing = TRUE;
  self->progress = 0.0;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, charter_search_index_prepare_async);
  g_task_set_task_data (task, g_main_context_ref_thread_default (),
                        (GDestroyNotify) g_main_context_unref);
  g_task_run_in_thread (task, prepare_thread);
}

gboolean
charter_search_index_prepare_finish (CharterSearchIndex  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  sqlite3 *db;

  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  db = g_task_propagate_pointer (G_TASK (result), error);
  if (db == NULL)
    {
      self->preparing = FALSE;
      return FALSE;
    }

  set_ready (self, db,
             GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "from-cache")));
  return TRUE;
}

static gboolean
topic_within (CharterTopic *topic,
              CharterTopic *ancestor)
{
  for (; topic != NULL; topic = charter_topic_get_parent (topic))
    if (topic == ancestor)
      return TRUE;
  return FALSE;
}

static gboolean
list_has (GListModel *list,
          gpointer    item,
          gboolean    as_topic)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) entry = g_list_model_get_item (list, i);

      if (as_topic ? topic_within (CHARTER_TOPIC (entry), item) : (gpointer) entry == item)
        return TRUE;
    }
  return FALSE;
}

/* Whether a document passes the topic and principle filters. */
static gboolean
passes (CharterDocument  *document,
        CharterTopic     *topic,
        CharterPrinciple *principle)
{
  if (topic != NULL && !list_has (charter_document_get_topics (document), topic, TRUE))
    return FALSE;
  if (principle != NULL &&
      !list_has (charter_document_get_principles (document), principle, FALSE))
    return FALSE;
  return TRUE;
}

typedef struct
{
  sqlite3_int64 rowid;
  double        score;
} Hit;

/* Best first; equal scores in document order, so results never shuffle. */
static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *ha = a;
  const Hit *hb = b;

  if (ha->score != hb->score)
    return ha->score < hb->score ? -1 : 1;
  return ha->rowid < hb->rowid ? -1 : ha->rowid > hb->rowid;
}

/**
 * charter_search_index_search:
 * @query: what to look for
 * @topic_id: (nullable): only documents in this topic or below it
 * @principle_id: (nullable): only documents under this principle
 * @max_results: how many results to list at most; the total counts them all
 *
 * Ranks the documents matching @query, best first. An empty query, or a
 * filter naming no entry of the right kind, finds nothing; it is no error.
 *
 * Returns: (transfer full): the results, or %NULL with @error set if the
 *   index is not ready or damaged
 */
CharterSearchResults *
charter_search_index_search (CharterSearchIndex  *self,
                             CharterSearchQuery  *query,
                             const char          *topic_id,
                             const char          *principle_id,
                             guint                max_results,
                             GError             **error)
{
  GListModel *documents;
  g_autoptr(GPtrArray) results = NULL;
  CharterTopic *topic = NULL;
  CharterPrinciple *principle = NULL;
  g_autoptr(GArray) hits = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_documents;
  guint total = 0;
  int rc;

  g_return_val_if_fail (CHARTER_IS_SEARCH_INDEX (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!self->ready)
    {
      g_set_error_literal (error, CHARTER_SEARCH_INDEX_ERROR,
                           CHARTER_SEARCH_INDEX_ERROR_NOT_READY,
                           _("The search index is not ready yet"));
      return NULL;
    }

  results = g_ptr_array_new_with_free_func (g_object_unref);
  documents = charter_knowledge_base_get_documents (self->kb);
  n_documents = g_list_model_get_n_items (documents);

  if (topic_id != NULL)
    {
      CharterEntry *entry = charter_knowledge_base_lookup (self->kb, topic_id);

      if (!CHARTER_IS_TOPIC (entry))
        return charter_search_results_new (query, g_steal_pointer (&results), 0);
      topic = CHARTER_TOPIC (entry);
    }
  if (principle_id != NULL)
    {
      CharterEntry *entry = charter_knowledge_base_lookup (self->kb, principle_id);

      if (!CHARTER_IS_PRINCIPLE (entry))
        return charter_search_results_new (query, g_steal_pointer (&results), 0);
      principle = CHARTER_PRINCIPLE (entry);
    }

  if (charter_search_query_is_empty (query))
    return charter_search_results_new (query, g_steal_pointer (&results), 0);

  /* Ranked here, not with ORDER BY: sorting (id, score) pairs in C is
   * cheaper than SQLite's sorter, and the filters apply before it.
   */
  if (sqlite3_prepare_v2 (self->db, "SELECT rowid, charter_rank (docs) FROM docs "
                                    "WHERE docs MATCH ?1", -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (stmt, 1, charter_search_query_get_fts (query), -1, SQLITE_STATIC);

  hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };

      if (hit.rowid < 1 || hit.rowid > n_documents)
        continue;
      if (topic != NULL || principle != NULL)
        {
          g_autoptr(CharterDocument) document =
            g_list_model_get_item (documents, (guint) hit.rowid - 1);

          if (!passes (document, topic, principle))
            continue;
        }
      g_array_append_val (hits, hit);
    }
  if (rc != SQLITE_DONE)
    goto fail;
  sqlite3_finalize (stmt);

  total = hits->len;
  g_array_sort (hits, compare_hits);
  for (guint i = 0; i < hits->len && i < max_results; i++)
    {
      const Hit *hit = &g_array_index (hits, Hit, i);
      g_autoptr(CharterDocument) document =
        g_list_model_get_item (documents, (guint) hit->rowid - 1);

      g_ptr_array_add (results, charter_search_result_new (query, document, hit->score));
    }

  return charter_search_results_new (query, g_steal_pointer (&results), total);

fail:
  set_sqlite_error (self->db, error);
  sqlite3_finalize (stmt);
  if (g_error_matches (*error, CHARTER_SEARCH_INDEX_ERROR, CHARTER_SEARCH_INDEX_ERROR_CORRUPT))
    {
      /* Only a cached copy can be damaged; the next prepare() builds anew. */
      if (self->cache_path != NULL)
        g_unlink (self->cache_path);
      g_clear_pointer (&self->db, sqlite3_close);
      self->ready = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  return NULL;
}
