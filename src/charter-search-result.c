/* charter-search-result.c: one ranked hit, and the list of them
 *
 * Snippets and hit positions are worked out when first asked for: a query
 * may match thousands of documents, a reader looks at a screenful.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-search"

#include "config.h"

#include "charter-search-result.h"

/* Hits looked for to paint a snippet: it shows the first few at most. */
#define SNIPPET_MAX_HITS 64

struct _CharterSearchResult
{
  GObject             parent_instance;
  CharterSearchQuery *query;
  CharterDocument    *document;
  double              score;
  CharterRichText    *text;
  char               *snippet;
  GArray             *snippet_hits;
  GArray             *title_hits;
  GArray             *hits;
};

G_DEFINE_FINAL_TYPE (CharterSearchResult, charter_search_result, G_TYPE_OBJECT)

struct _CharterSearchResults
{
  GObject             parent_instance;
  CharterSearchQuery *query;
  GPtrArray          *results;
  guint               total;
};

static void charter_search_results_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CharterSearchResults, charter_search_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      charter_search_results_list_model_init))

static CharterRichText *
get_text (CharterSearchResult *self)
{
  if (self->text == NULL)
    self->text = charter_document_render (self->document);
  return self->text;
}

static void
charter_search_result_dispose (GObject *object)
{
  CharterSearchResult *self = CHARTER_SEARCH_RESULT (object);

  g_clear_object (&self->document);

  G_OBJECT_CLASS (charter_search_result_parent_class)->dispose (object);
}

static void
charter_search_result_finalize (GObject *object)
{
  CharterSearchResult *self = CHARTER_SEARCH_RESULT (object);

  g_clear_pointer (&self->query, charter_search_query_unref);
  g_clear_pointer (&self->text, charter_rich_text_unref);
  g_free (self->snippet);
  g_clear_pointer (&self->snippet_hits, g_array_unref);
  g_clear_pointer (&self->title_hits, g_array_unref);
  g_clear_pointer (&self->hits, g_array_unref);

  G_OBJECT_CLASS (charter_search_result_parent_class)->finalize (object);
}

static void
charter_search_result_class_init (CharterSearchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = charter_search_result_dispose;
  object_class->finalize = charter_search_result_finalize;
}

static void
charter_search_result_init (CharterSearchResult *self)
{
}

CharterSearchResult *
charter_search_result_new (CharterSearchQuery *query,
                           CharterDocument    *document,
                           double              score)
{
  CharterSearchResult *self;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (document), NULL);

  self = g_object_new (CHARTER_TYPE_SEARCH_RESULT, NULL);
  self->query = charter_search_query_ref (query);
  self->document = g_object_ref (document);
  self->score = score;

  return self;
}

CharterDocument *
charter_search_result_get_document (CharterSearchResult *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULT (self), NULL);

  return self->document;
}

/**
 * charter_search_result_get_score:
 *
 * Returns: the BM25 score; lower ranks first
 */
double
charter_search_result_get_score (CharterSearchResult *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULT (self), 0.0);

  return self->score;
}

static void
make_snippet (CharterSearchResult *self)
{
  const char *text = charter_rich_text_get_text (get_text (self));
  g_autoptr(GArray) hits = charter_search_query_find_hits (self->query, text, -1,
                                                           SNIPPET_MAX_HITS);

  if (hits->len == 0)
    {
      /* Only the title or the summary matched: the summary says most. */
      const char *summary = charter_entry_get_summary (CHARTER_ENTRY (self->document));

      if (summary != NULL && *summary != '\0')
        {
          g_autoptr(GArray) summary_hits =
            charter_search_query_find_hits (self->query, summary, -1, SNIPPET_MAX_HITS);

          self->snippet = charter_search_query_make_snippet (self->query, summary,
                                                             summary_hits,
                                                             &self->snippet_hits);
          return;
        }
    }

  self->snippet = charter_search_query_make_snippet (self->query, text, hits,
                                                     &self->snippet_hits);
}

/**
 * charter_search_result_get_snippet:
 *
 * Returns: a line of the document around its first hit
 */
const char *
charter_search_result_get_snippet (CharterSearchResult *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULT (self), NULL);

  if (self->snippet == NULL)
    make_snippet (self);
  return self->snippet;
}

/**
 * charter_search_result_get_snippet_hits:
 *
 * Returns: (element-type CharterTextRange): the hits in the snippet, in its characters
 */
const GArray *
charter_search_result_get_snippet_hits (CharterSearchResult *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULT (self), NULL);

  if (self->snippet == NULL)
    make_snippet (self);
  return self->snippet_hits;
}

/**
 * charter_search_result_get_title_hits:
 *
 * Returns: (element-type CharterTextRange): the hits in the document's title
 */
const GArray *
charter_search_result_get_title_hits (CharterSearchResult *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULT (self), NULL);

  if (self->title_hits == NULL)
    self->title_hits =
      charter_search_query_find_hits (self->query,
                                      charter_entry_get_title (CHARTER_ENTRY (self->document)),
                                      -1, 0);
  return self->title_hits;
}

/**
 * charter_search_result_get_hits:
 *
 * Returns: (element-type CharterTextRange): every hit in the document's text,
 *   in the characters of its rendering (the document view's buffer)
 */
const GArray *
charter_search_result_get_hits (CharterSearchResult *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULT (self), NULL);

  if (self->hits == NULL)
    self->hits = charter_search_query_find_hits (self->query,
                                                 charter_rich_text_get_text (get_text (self)),
                                                 -1, 0);
  return self->hits;
}

static GType
charter_search_results_get_item_type (GListModel *model)
{
  return CHARTER_TYPE_SEARCH_RESULT;
}

static guint
charter_search_results_get_n_items (GListModel *model)
{
  return CHARTER_SEARCH_RESULTS (model)->results->len;
}

static gpointer
charter_search_results_get_item (GListModel *model,
                                 guint       position)
{
  CharterSearchResults *self = CHARTER_SEARCH_RESULTS (model);

  if (position >= self->results->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->results, position));
}

static void
charter_search_results_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = charter_search_results_get_item_type;
  iface->get_n_items = charter_search_results_get_n_items;
  iface->get_item = charter_search_results_get_item;
}

static void
charter_search_results_finalize (GObject *object)
{
  CharterSearchResults *self = CHARTER_SEARCH_RESULTS (object);

  g_clear_pointer (&self->query, charter_search_query_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (charter_search_results_parent_class)->finalize (object);
}

static void
charter_search_results_class_init (CharterSearchResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = charter_search_results_finalize;
}

static void
charter_search_results_init (CharterSearchResults *self)
{
}

/**
 * charter_search_results_new:
 * @results: (transfer full) (element-type CharterSearchResult): best first
 * @total: how many documents matched, @results may hold fewer
 */
CharterSearchResults *
charter_search_results_new (CharterSearchQuery *query,
                            GPtrArray          *results,
                            guint               total)
{
  CharterSearchResults *self;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (results != NULL, NULL);

  self = g_object_new (CHARTER_TYPE_SEARCH_RESULTS, NULL);
  self->query = charter_search_query_ref (query);
  self->results = results;
  self->total = total;

  return self;
}

CharterSearchQuery *
charter_search_results_get_query (CharterSearchResults *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULTS (self), NULL);

  return self->query;
}

/**
 * charter_search_results_get_total:
 *
 * Returns: how many documents matched, listed or not
 */
guint
charter_search_results_get_total (CharterSearchResults *self)
{
  g_return_val_if_fail (CHARTER_IS_SEARCH_RESULTS (self), 0);

  return self->total;
}
