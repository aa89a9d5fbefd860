/* test-search.c: tokenizer, query reading, ranking, hits and the index cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <utime.h>

#include "charter-loader.h"
#include "charter-search-index.h"
#include "charter-tokenizer.h"

static CharterKnowledgeBase *
load (const char *path)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb;

  kb = charter_loader_load_file (loader, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kb);
  return kb;
}

static CharterKnowledgeBase *
load_bundled (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "cyberspace-strategy.json", NULL);
  return load (path);
}

static CharterKnowledgeBase *
load_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "search.json",
                                                 NULL);
  return load (path);
}

static CharterSearchIndex *
ready_index (CharterKnowledgeBase *kb)
{
  CharterSearchIndex *index = charter_search_index_new (kb, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (charter_search_index_prepare (index, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (charter_search_index_get_ready (index));
  return index;
}

static CharterSearchResults *
search (CharterSearchIndex *index,
        const char         *text,
        const char         *topic_id,
        const char         *principle_id)
{
  g_autoptr(CharterSearchQuery) query = charter_search_query_new (text);
  g_autoptr(GError) error = NULL;
  CharterSearchResults *results;

  results = charter_search_index_search (index, query, topic_id, principle_id, 1000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_cmpuint (charter_search_results_get_total (results), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (results)));
  return results;
}

static const char *
result_id (CharterSearchResults *results,
           guint                 position)
{
  g_autoptr(CharterSearchResult) result = g_list_model_get_item (G_LIST_MODEL (results),
                                                                 position);

  /* The document outlives the result: the knowledge base owns it. */
  return charter_entry_get_id (CHARTER_ENTRY (charter_search_result_get_document (result)));
}

static gboolean
has_id (CharterSearchResults *results,
        const char           *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (results)); i++)
    if (g_strcmp0 (result_id (results, i), id) == 0)
      return TRUE;
  return FALSE;
}

/* Title, summary and rendered body, case-folded: all the index reads. */
static char *
folded_text (CharterSearchResults *results,
             guint                 position)
{
  g_autoptr(CharterSearchResult) result = g_list_model_get_item (G_LIST_MODEL (results),
                                                                 position);
  CharterDocument *document = charter_search_result_get_document (result);
  g_autoptr(CharterRichText) text = charter_document_render (document);
  g_autofree char *all = g_strjoin ("\n", charter_entry_get_title (CHARTER_ENTRY (document)),
                                    charter_entry_get_summary (CHARTER_ENTRY (document)) ?: "",
                                    charter_rich_text_get_text (text), NULL);

  return g_utf8_casefold (all, -1);
}

/* The tokenizer */

typedef struct
{
  GPtrArray *tokens;
  GArray    *starts;
  GArray    *ends;
} Collected;

static gboolean
collect_cb (const char *token,
            gsize       token_length,
            gsize       start,
            gsize       end,
            gpointer    user_data)
{
  Collected *collected = user_data;
  guint s = (guint) start, e = (guint) end;

  g_assert_cmpuint (strlen (token), ==, token_length);
  g_ptr_array_add (collected->tokens, g_strdup (token));
  g_array_append_val (collected->starts, s);
  g_array_append_val (collected->ends, e);
  return TRUE;
}

static char *
tokenize (const char *text,
          Collected  *collected)
{
  collected->tokens = g_ptr_array_new_with_free_func (g_free);
  collected->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  collected->ends = g_array_new (FALSE, FALSE, sizeof (guint));
  charter_tokenize (text, strlen (text), collect_cb, collected);
  g_ptr_array_add (collected->tokens, NULL);
  return g_strjoinv ("|", (char **) collected->tokens->pdata);
}

static void
collected_clear (Collected *collected)
{
  g_ptr_array_unref (collected->tokens);
  g_array_unref (collected->starts);
  g_array_unref (collected->ends);
}

static void
test_tokenize_fold (void)
{
  Collected c;
  g_autofree char *joined2 = NULL;
  g_autofree char *joined = tokenize ("Café MÜLLER, naïve Ｆｕｌｌ ﬁne déjà-vu 2017", &c);

  g_assert_cmpstr (joined, ==, "cafe|muller|naive|full|fine|deja|vu|2017");
  /* Offsets are bytes of the original text: "Café" is five of them. */
  g_assert_cmpuint (g_array_index (c.starts, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (c.ends, guint, 0), ==, 5);
  g_assert_cmpuint (g_array_index (c.starts, guint, 1), ==, 6);
  g_assert_cmpuint (g_array_index (c.ends, guint, 1), ==, 13);
  collected_clear (&c);

  /* Case folds that lower-casing alone misses. */
  joined2 = tokenize ("Straße STRAẞE ΟΔΟΣ οδος", &c);
  g_assert_cmpstr (joined2, ==, "strasse|strasse|οδοσ|οδοσ");
  collected_clear (&c);
}

/* Find in page folds one character at a time, punctuation kept. */
static void
test_fold_char (void)
{
  static const struct {
    gunichar c;
    gboolean letters_only;
    const char *folded;
  } cases[] = {
    { 'A', TRUE, "a" },
    { 0x00C9, TRUE, "e" },      /* É */
    { 0x0301, FALSE, "" },      /* a combining acute alone */
    { 0xFB01, TRUE, "fi" },     /* ﬁ */
    { 0x00BD, FALSE, "1\xe2\x81\x84" "2" }, /* ½: 1⁄2 */
    { 0x00BD, TRUE, "12" },
    { 0x00DF, TRUE, "ss" },
    { 0x03A3, TRUE, "\xcf\x83" }, /* Σ: σ */
    { 0x03C2, TRUE, "\xcf\x83" }, /* ς: σ */
    { 0xD55C, TRUE, "\xed\x95\x9c" }, /* 한 stays one syllable */
    { ',', FALSE, "," },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char out[CHARTER_FOLD_MAX];
      gsize n = charter_unichar_fold (cases[i].c, cases[i].letters_only, out);

      g_assert_cmpmem (out, n, cases[i].folded, strlen (cases[i].folded));
    }
}

static void
test_tokenize_cjk (void)
{
  Collected c;
  g_autofree char *joined = tokenize ("AI与网络空间 test コーヒー한국어", &c);

  /* Chinese and Japanese: one token a character; Korean keeps its words. */
  g_assert_cmpstr (joined, ==, "ai|与|网|络|空|间|test|コ|ー|ヒ|ー|한국어");
  g_assert_cmpuint (g_array_index (c.starts, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (c.ends, guint, 1), ==, 5);
  collected_clear (&c);
}

static void
test_tokenize_invalid (void)
{
  Collected c;
  g_autofree char *joined = tokenize ("\xff\xfe" "abc \xe4\xb8" " def", &c);

  g_assert_cmpstr (joined, ==, "abc|def");
  collected_clear (&c);
}

/* Reading queries */

static void
test_query_fts (void)
{
  static const struct {
    const char *typed;
    const char *fts;
  } cases[] = {
    { "sovereignty", "\"sovereignty\"" },
    { "cyber security", "\"cyber\" AND \"security\"" },
    { "\"shared future\"", "\"shared future\"" },
    { "“shared future”", "\"shared future\"" },
    { "cyber*", "\"cyber\" *" },
    { "\"shared fut\"*", "\"shared fut\" *" },
    { "sovereignty -peace", "(\"sovereignty\") NOT \"peace\"" },
    { "sovereignty -peace -\"shared future\"",
      "(\"sovereignty\") NOT (\"peace\" OR \"shared future\")" },
    { "peace OR 主权", "(\"peace\" OR \"主 权\")" },
    { "a OR b c", "(\"a\" OR \"b\") AND \"c\"" },
    { "\"unbalanced", "\"unbalanced\"" },
    { "Café", "\"cafe\"" },
    { "tool tool", "\"tool\"" },
    { "'; DROP TABLE docs; --", "\"drop\" AND \"table\" AND \"docs\"" },
    { "NEAR(a b)", "\"near a\" AND \"b\"" },
    { "网络空间", "\"网 络 空 间\"" },
    { "e-government", "\"e government\"" },
    { "a -", "\"a\"" },
    { "!!! ??? ...", "" },
    { "OR", "" },
    { "OR OR OR", "" },
    { "-peace", "" },
    { "\"", "" },
    { "*", "" },
    { "😀", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CharterSearchQuery) query = charter_search_query_new (cases[i].typed);

      g_test_message ("query: %s", cases[i].typed);
      g_assert_cmpstr (charter_search_query_get_fts (query), ==, cases[i].fts);
      g_assert_true (charter_search_query_is_empty (query) == (cases[i].fts[0] == '\0'));
    }
}

static void
test_query_as_you_type (void)
{
  static const struct {
    const char *typed;
    const char *fts;
  } cases[] = {
    { "sover", "\"sover\" *" },
    { "sover ", "\"sover\"" },
    { "cyber sover", "\"cyber\" AND \"sover\" *" },
    { "a", "\"a\"" },
    { "主", "\"主\"" },
    { "网络空", "\"网 络 空\"" },
    { "\"shared fut\"", "\"shared fut\"" },
    { "sovereignty -pea", "(\"sovereignty\") NOT \"pea\"" },
    { "cyber*", "\"cyber\" *" },
    { "peace OR sov", "(\"peace\" OR \"sov\" *)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CharterSearchQuery) query = charter_search_query_new_as_you_type (cases[i].typed);

      g_test_message ("query: %s", cases[i].typed);
      g_assert_cmpstr (charter_search_query_get_fts (query), ==, cases[i].fts);
    }
}

/* Ranking and matching, on the bundled knowledge base */

static void
test_rank_sovereignty (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) results = search (index, "sovereignty", NULL, NULL);
  g_autoptr(CharterSearchResults) upper = search (index, "SOVEREIGNTY", NULL, NULL);

  g_assert_cmpuint (charter_search_results_get_total (results), >, 5);
  g_assert_cmpstr (result_id (results, 0), ==, "principle-sovereignty");
  /* Scores fall, best first. */
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (results)); i++)
    {
      g_autoptr(CharterSearchResult) a = g_list_model_get_item (G_LIST_MODEL (results), i - 1);
      g_autoptr(CharterSearchResult) b = g_list_model_get_item (G_LIST_MODEL (results), i);

      g_assert_cmpfloat (charter_search_result_get_score (a), <=,
                         charter_search_result_get_score (b));
    }
  g_assert_cmpuint (charter_search_results_get_total (upper), ==,
                    charter_search_results_get_total (results));
}

static void
test_phrase (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) phrase = search (index, "\"shared benefits\"", NULL, NULL);
  g_autoptr(CharterSearchResults) words = search (index, "shared benefits", NULL, NULL);
  g_autoptr(CharterSearchResults) reversed = search (index, "\"benefits shared\"", NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (phrase));

  g_assert_cmpuint (n, >, 0);
  g_assert_true (has_id (phrase, "principle-shared-benefits"));
  g_assert_cmpuint (n, <=, charter_search_results_get_total (words));
  /* Adjacent words: "shared-benefits" is the phrase too. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = folded_text (phrase, i);

      g_assert_true (g_regex_match_simple ("\\bshared\\W+benefits\\b", text, 0, 0));
    }
  g_assert_cmpuint (charter_search_results_get_total (reversed), <, n);
}

static void
test_prefix (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) whole = search (index, "sovereignty", NULL, NULL);
  g_autoptr(CharterSearchResults) prefix = search (index, "sovereign*", NULL, NULL);
  g_autoptr(CharterSearchResults) bare = search (index, "sovereign", NULL, NULL);

  g_assert_cmpuint (charter_search_results_get_total (prefix), >=,
                    charter_search_results_get_total (whole));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (whole)); i++)
    g_assert_true (has_id (prefix, result_id (whole, i)));
  /* Without the star the word must be whole. */
  g_assert_cmpuint (charter_search_results_get_total (bare), <,
                    charter_search_results_get_total (prefix));
}

static void
test_exclude (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) all = search (index, "sovereignty", NULL, NULL);
  g_autoptr(CharterSearchResults) some = search (index, "sovereignty -peace", NULL, NULL);
  g_autoptr(CharterSearchResults) either = search (index, "peace OR sovereignty", NULL, NULL);
  g_autoptr(CharterSearchResults) peace = search (index, "peace", NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (some));

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, charter_search_results_get_total (all));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = folded_text (some, i);

      /* Whole words: "peaceful" is another word. */
      g_assert_true (g_regex_match_simple ("\\bsovereignty\\b", text, 0, 0));
      g_assert_false (g_regex_match_simple ("\\bpeace\\b", text, 0, 0));
    }
  g_assert_cmpuint (charter_search_results_get_total (either), >=,
                    MAX (charter_search_results_get_total (all),
                         charter_search_results_get_total (peace)));
}

static void
test_chinese (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  const char *queries[] = { "主权", "网络空间", "络空", "命运共同体", "普惠", "共" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(CharterSearchResults) results = search (index, queries[i], NULL, NULL);

      g_test_message ("query: %s", queries[i]);
      g_assert_true (has_id (results, "glossary"));
    }
}

static void
test_hostile (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autofree char *long_query = g_strnfill (100000, 'a');
  g_autofree char *many_terms = NULL;
  const char *queries[] = {
    "\"", "\"\"", "\"unbalanced", "unbalanced\"", "\"a\" \"", "*", "**", "a*b*", "*a",
    "-", "--", "-\"\"", "- -", "OR", "a OR", "OR a", "a OR OR b", "AND", "a AND b", "NOT",
    "a NOT b", "NEAR(a b)", "NEAR(", "(", ")", "((a)", "a:b", "title:peace", "{title}: x",
    "^peace", "peace^", "+", "a + b", "'", "'; DROP TABLE docs; --", "\" OR 1=1 --",
    "SELECT * FROM docs", "\\", "\\\"", "%", "_", "😀", "😀 peace", "🇨🇳", "主", "、。",
    "\t\n", " ", "\xef\xbf\xbd", "\xff\xfe", "\xe4\xb8", "a\xff" "b", "ünïcödé",
    "\u200b", "\u00ad", "١٢٣", "שלום", "Ελλάδα", "null", "NULL", "%s%n%x", "../../etc/passwd",
    long_query,
  };
  GString *terms = g_string_new (NULL);

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (terms, "w%u OR -x%u \"p%u ", i, i, i);
  many_terms = g_string_free (terms, FALSE);

  for (guint i = 0; i <= G_N_ELEMENTS (queries); i++)
    {
      const char *text = i < G_N_ELEMENTS (queries) ? queries[i] : many_terms;
      g_autoptr(CharterSearchResults) results = NULL;

      g_test_message ("query %u", i);
      results = search (index, text, NULL, NULL);
      g_assert_true (G_IS_LIST_MODEL (results));
    }
  g_assert_cmpuint (G_N_ELEMENTS (queries), >=, 30);
}

static gboolean
word_at (const char *text,
         guint       start,
         guint       end,
         const char *expected)
{
  const char *p = g_utf8_offset_to_pointer (text, start);
  const char *q = g_utf8_offset_to_pointer (p, end - start);
  g_autofree char *word = g_strndup (p, (gsize) (q - p));
  g_autofree char *folded = g_utf8_casefold (word, -1);

  return g_strcmp0 (folded, expected) == 0;
}

static void
test_hits (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) results = search (index, "sovereignty", NULL, NULL);
  g_autoptr(CharterSearchResult) first = g_list_model_get_item (G_LIST_MODEL (results), 0);
  g_autoptr(CharterRichText) text =
    charter_document_render (charter_search_result_get_document (first));
  const char *plain = charter_rich_text_get_text (text);
  const GArray *hits = charter_search_result_get_hits (first);
  const GArray *snippet_hits = charter_search_result_get_snippet_hits (first);
  const char *snippet = charter_search_result_get_snippet (first);
  g_autoptr(GRegex) regex = g_regex_new ("\\bsovereignty\\b", G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint expected = 0;

  /* Every place the word is, counted another way, is a hit, and no other. */
  for (g_regex_match (regex, plain, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    expected++;
  g_assert_cmpuint (expected, >, 1);
  g_assert_cmpuint (hits->len, ==, expected);
  for (guint i = 0; i < hits->len; i++)
    {
      const CharterTextRange *hit = &g_array_index (hits, CharterTextRange, i);

      g_assert_true (word_at (plain, hit->start, hit->end, "sovereignty"));
      if (i > 0)
        g_assert_cmpuint (hit->start, >=, g_array_index (hits, CharterTextRange, i - 1).end);
    }

  g_assert_cmpuint (snippet_hits->len, >, 0);
  g_assert_cmpuint (g_utf8_strlen (snippet, -1), <=, 182);
  for (guint i = 0; i < snippet_hits->len; i++)
    {
      const CharterTextRange *hit = &g_array_index (snippet_hits, CharterTextRange, i);

      g_assert_true (word_at (snippet, hit->start, hit->end, "sovereignty"));
    }
}

static void
test_hits_cjk (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) results = search (index, "网络空间", NULL, NULL);
  g_autoptr(CharterSearchResult) first = NULL;
  g_autoptr(CharterRichText) text = NULL;
  const GArray *hits;

  g_assert_cmpuint (charter_search_results_get_total (results), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (results), 0);
  text = charter_document_render (charter_search_result_get_document (first));
  hits = charter_search_result_get_hits (first);
  /* "网络空间主权是国家主权在网络空间的延伸": twice, at characters 0 and 12. */
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpuint (g_array_index (hits, CharterTextRange, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (hits, CharterTextRange, 0).end, ==, 4);
  g_assert_cmpuint (g_array_index (hits, CharterTextRange, 1).start, ==, 12);
  g_assert_cmpuint (g_array_index (hits, CharterTextRange, 1).end, ==, 16);
  g_assert_true (word_at (charter_rich_text_get_text (text), 12, 16, "网络空间"));
}

static void
test_snippet_wide_spaces (void)
{
  g_autoptr(CharterSearchQuery) query = charter_search_query_new ("target");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) snippet_hits = NULL;
  g_autofree char *snippet = NULL;

  /* Words apart by spaces of three bytes (ideographic, line separator): the
   * snippet starts after one, never inside it. Found by fuzz-search.
   */
  for (guint i = 0; i < 30; i++)
    g_string_append (text, i % 2 ? "word\u3000" : "word\u2028");
  g_string_append (text, "target and more");
  hits = charter_search_query_find_hits (query, text->str, -1, 0);
  g_assert_cmpuint (hits->len, ==, 1);
  snippet = charter_search_query_make_snippet (query, text->str, hits, &snippet_hits);
  g_assert_true (g_utf8_validate (snippet, -1, NULL));
  g_assert_true (g_str_has_prefix (snippet, "…word"));
  g_assert_cmpuint (snippet_hits->len, ==, 1);
}

/* The fixture: diacritics, scripts, filters */

static void
test_diacritics (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  const char *queries[] = { "cafe", "café", "CAFÉ", "Cafe", "muller", "Müller", "MUELLER",
                            "naive", "naïve", "zoe", "Zoë" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(CharterSearchResults) results = search (index, queries[i], NULL, NULL);

      g_test_message ("query: %s", queries[i]);
      /* "Mueller" is another spelling, not a folding: it must not match. */
      if (g_str_equal (queries[i], "MUELLER"))
        g_assert_cmpuint (charter_search_results_get_total (results), ==, 0);
      else
        g_assert_cmpstr (result_id (results, 0), ==, "cafe-mueller");
    }
}

static void
test_scripts (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  static const struct {
    const char *query;
    const char *id;
    guint       total;
  } cases[] = {
    { "空间主权", "sovereignty-zh", 1 },
    { "主", "sovereignty-zh", 1 },
    { "网络 sovereignty", "sovereignty-zh", 1 },
    { "网络主权 sovereignty", "sovereignty-zh", 1 },
    { "喫茶", "japanese", 1 },
    { "コーヒー", "japanese", 1 },
    { "東京 OR 网络", "sovereignty-zh", 2 },
    { "主权国家", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CharterSearchResults) results = search (index, cases[i].query, NULL, NULL);

      g_test_message ("query: %s", cases[i].query);
      g_assert_cmpuint (charter_search_results_get_total (results), ==, cases[i].total);
      if (cases[i].id != NULL)
        g_assert_true (has_id (results, cases[i].id));
    }
}

static void
test_filters (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) all = search (index, "coffee", NULL, NULL);
  g_autoptr(CharterSearchResults) europe = search (index, "coffee", "europe", NULL);
  g_autoptr(CharterSearchResults) cafes = search (index, "coffee", "cafes", NULL);
  g_autoptr(CharterSearchResults) asia = search (index, "coffee", "asia", NULL);
  g_autoptr(CharterSearchResults) open = search (index, "coffee", NULL, "openness");
  g_autoptr(CharterSearchResults) both = search (index, "shared", "asia", "openness");
  g_autoptr(CharterSearchResults) unknown = search (index, "coffee", "no-such-topic", NULL);
  g_autoptr(CharterSearchResults) wrong_kind = search (index, "coffee", "openness", NULL);

  g_assert_cmpuint (charter_search_results_get_total (all), ==, 2);
  /* A topic takes in its subtopics' documents. */
  g_assert_cmpuint (charter_search_results_get_total (europe), ==, 2);
  g_assert_cmpuint (charter_search_results_get_total (cafes), ==, 1);
  g_assert_cmpstr (result_id (cafes, 0), ==, "cafe-mueller");
  g_assert_cmpuint (charter_search_results_get_total (asia), ==, 0);
  g_assert_cmpuint (charter_search_results_get_total (open), ==, 1);
  g_assert_cmpstr (result_id (open, 0), ==, "cafe-mueller");
  g_assert_cmpuint (charter_search_results_get_total (both), ==, 1);
  g_assert_cmpstr (result_id (both, 0), ==, "shared-future");
  g_assert_cmpuint (charter_search_results_get_total (unknown), ==, 0);
  g_assert_cmpuint (charter_search_results_get_total (wrong_kind), ==, 0);
}

static void
test_title_ranks_first (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) results = search (index, "shared future", NULL, NULL);

  /* Both documents have the words; one has them in its title. */
  g_assert_cmpuint (charter_search_results_get_total (results), ==, 2);
  g_assert_cmpstr (result_id (results, 0), ==, "shared-future");
}

static void
test_max_results (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchQuery) query = charter_search_query_new ("the");
  g_autoptr(CharterSearchResults) results = NULL;
  g_autoptr(GError) error = NULL;

  results = charter_search_index_search (index, query, NULL, NULL, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, 3);
  g_assert_cmpuint (charter_search_results_get_total (results), >, 20);
}

/* Preparing: not ready, async with progress, empty knowledge bases */

static void
test_not_ready (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autoptr(CharterSearchIndex) index = charter_search_index_new (kb, NULL);
  g_autoptr(CharterSearchQuery) query = charter_search_query_new ("coffee");
  g_autoptr(GError) error = NULL;

  g_assert_null (charter_search_index_search (index, query, NULL, NULL, 10, &error));
  g_assert_error (error, CHARTER_SEARCH_INDEX_ERROR, CHARTER_SEARCH_INDEX_ERROR_NOT_READY);
  g_assert_cmpstr (error->message, ==, "The search index is not ready yet");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (charter_search_index_prepare_finish (CHARTER_SEARCH_INDEX (object), result,
                                                      &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_async (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = charter_search_index_new (kb, NULL);
  g_autoptr(CharterSearchResults) results = NULL;
  guint n_progress = 0, n_ready = 0;
  gboolean done = FALSE;

  g_signal_connect (index, "notify::progress", G_CALLBACK (count_notify_cb), &n_progress);
  g_signal_connect (index, "notify::ready", G_CALLBACK (count_notify_cb), &n_ready);
  charter_search_index_prepare_async (index, NULL, prepared_cb, &done);
  g_assert_false (charter_search_index_get_ready (index));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (charter_search_index_get_ready (index));
  g_assert_cmpuint (n_ready, ==, 1);
  g_assert_cmpuint (n_progress, >=, 1);
  g_assert_cmpfloat (charter_search_index_get_progress (index), ==, 1.0);
  results = search (index, "sovereignty", NULL, NULL);
  g_assert_cmpstr (result_id (results, 0), ==, "principle-sovereignty");
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (charter_search_index_prepare_finish (CHARTER_SEARCH_INDEX (object), result,
                                                       &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) user_data = TRUE;
}

static void
test_cancel (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autoptr(CharterSearchIndex) index = charter_search_index_new (kb, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  g_cancellable_cancel (cancellable);
  charter_search_index_prepare_async (index, cancellable, cancelled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (charter_search_index_get_ready (index));

  /* And it can be prepared again afterwards. */
  g_assert_true (charter_search_index_prepare (index, NULL, NULL));
}

static void
test_empty_kb (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "minimal.json",
                                                 NULL);
  g_autoptr(CharterKnowledgeBase) kb = load (path);
  g_autoptr(CharterSearchIndex) index = ready_index (kb);
  g_autoptr(CharterSearchResults) results = search (index, "anything", NULL, NULL);

  g_assert_cmpuint (charter_search_results_get_total (results), ==, 0);
}

/* The cache */

static char *
make_cache_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("charter-test-search-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static gboolean
prepare_with_cache (CharterKnowledgeBase *kb,
                    const char           *cache_dir)
{
  g_autoptr(CharterSearchIndex) index = charter_search_index_new (kb, cache_dir);
  g_autoptr(CharterSearchResults) results = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (charter_search_index_prepare (index, NULL, &error));
  g_assert_no_error (error);
  results = search (index, "sovereignty", NULL, NULL);
  g_assert_cmpstr (result_id (results, 0), ==, "principle-sovereignty");
  g_assert_true (g_file_test (charter_search_index_get_cache_path (index),
                              G_FILE_TEST_IS_REGULAR));

  return charter_search_index_get_from_cache (index);
}

static char *
cache_path_for (CharterKnowledgeBase *kb,
                const char           *cache_dir)
{
  g_autofree char *name = g_strconcat (charter_knowledge_base_get_content_hash (kb), ".sqlite",
                                       NULL);

  return g_build_filename (cache_dir, name, NULL);
}

static void
test_cache (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_bundled ();
  g_autofree char *cache_dir = make_cache_dir ();
  g_autofree char *path = cache_path_for (kb, cache_dir);
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *db;

  g_assert_cmpuint (strlen (charter_knowledge_base_get_content_hash (kb)), ==, 64);
  g_assert_false (prepare_with_cache (kb, cache_dir));
  g_assert_true (prepare_with_cache (kb, cache_dir));

  /* Garbage in the cache: rebuilt without a word. */
  g_assert_true (g_file_set_contents (path, "not a database at all", -1, NULL));
  g_assert_false (prepare_with_cache (kb, cache_dir));
  g_assert_true (prepare_with_cache (kb, cache_dir));

  /* Cut in half, as by a full disk. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length / 2, NULL));
  g_assert_false (prepare_with_cache (kb, cache_dir));
  g_assert_true (prepare_with_cache (kb, cache_dir));

  /* Made by another index version. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE meta SET value = '0' WHERE key = 'version'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (prepare_with_cache (kb, cache_dir));
  g_assert_true (prepare_with_cache (kb, cache_dir));

  /* For other content under this name. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE meta SET value = 'x' WHERE key = 'content-hash'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (prepare_with_cache (kb, cache_dir));
  g_assert_true (prepare_with_cache (kb, cache_dir));

  remove_dir (cache_dir);
}

static void
test_cache_unwritable (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autofree char *cache_dir = make_cache_dir ();
  g_autofree char *blocked = g_build_filename (cache_dir, "file", NULL);
  g_autoptr(CharterSearchIndex) index = NULL;
  g_autoptr(CharterSearchResults) results = NULL;

  /* The cache folder's place is taken by a file: search works regardless. */
  g_assert_true (g_file_set_contents (blocked, "", 0, NULL));
  index = charter_search_index_new (kb, blocked);
  g_assert_true (charter_search_index_prepare (index, NULL, NULL));
  results = search (index, "coffee", NULL, NULL);
  g_assert_cmpuint (charter_search_results_get_total (results), ==, 2);

  remove_dir (cache_dir);
}

static void
test_cache_pruned (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ();
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(CharterSearchIndex) index = NULL;
  GDir *dir;
  guint n = 0;

  /* Leftovers of many other knowledge bases, older than the new one. */
  for (guint i = 0; i < CHARTER_SEARCH_INDEX_MAX_CACHED + 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("%064u.sqlite", i);
      g_autofree char *path = g_build_filename (cache_dir, name, NULL);
      struct utimbuf times = { 1000000 + i, 1000000 + i };

      g_assert_true (g_file_set_contents (path, "", 0, NULL));
      g_utime (path, &times);
    }

  index = charter_search_index_new (kb, cache_dir);
  g_assert_true (charter_search_index_prepare (index, NULL, NULL));
  g_assert_true (g_file_test (charter_search_index_get_cache_path (index),
                              G_FILE_TEST_IS_REGULAR));

  dir = g_dir_open (cache_dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  g_assert_cmpuint (n, ==, CHARTER_SEARCH_INDEX_MAX_CACHED);

  remove_dir (cache_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/search/tokenize/fold", test_tokenize_fold);
  g_test_add_func ("/search/tokenize/fold-char", test_fold_char);
  g_test_add_func ("/search/tokenize/cjk", test_tokenize_cjk);
  g_test_add_func ("/search/tokenize/invalid", test_tokenize_invalid);
  g_test_add_func ("/search/query/fts", test_query_fts);
  g_test_add_func ("/search/query/as-you-type", test_query_as_you_type);
  g_test_add_func ("/search/rank/sovereignty", test_rank_sovereignty);
  g_test_add_func ("/search/rank/title-first", test_title_ranks_first);
  g_test_add_func ("/search/phrase", test_phrase);
  g_test_add_func ("/search/prefix", test_prefix);
  g_test_add_func ("/search/exclude", test_exclude);
  g_test_add_func ("/search/chinese", test_chinese);
  g_test_add_func ("/search/hostile", test_hostile);
  g_test_add_func ("/search/hits", test_hits);
  g_test_add_func ("/search/hits/cjk", test_hits_cjk);
  g_test_add_func ("/search/snippet/wide-spaces", test_snippet_wide_spaces);
  g_test_add_func ("/search/diacritics", test_diacritics);
  g_test_add_func ("/search/scripts", test_scripts);
  g_test_add_func ("/search/filters", test_filters);
  g_test_add_func ("/search/max-results", test_max_results);
  g_test_add_func ("/search/not-ready", test_not_ready);
  g_test_add_func ("/search/async", test_async);
  g_test_add_func ("/search/cancel", test_cancel);
  g_test_add_func ("/search/empty", test_empty_kb);
  g_test_add_func ("/search/cache", test_cache);
  g_test_add_func ("/search/cache/unwritable", test_cache_unwritable);
  g_test_add_func ("/search/cache/pruned", test_cache_pruned);

  return g_test_run ();
}
