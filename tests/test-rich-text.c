/* test-rich-text.c: CommonMark to plain text plus spans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rich-text"

#include "config.h"

#include "charter-rich-text.h"

#include <string.h>

/* What one span must be; word is the text its offsets must cut out. */
typedef struct
{
  CharterSpanKind  kind;
  guint            start;
  guint            end;
  guint            level;
  guint            marker_length;
  const char      *url;
  const char      *word;
} ExpectedSpan;

#define P  CHARTER_SPAN_PARAGRAPH
#define H  CHARTER_SPAN_HEADING
#define EM CHARTER_SPAN_EMPHASIS
#define ST CHARTER_SPAN_STRONG
#define CO CHARTER_SPAN_CODE
#define CB CHARTER_SPAN_CODE_BLOCK
#define BQ CHARTER_SPAN_BLOCK_QUOTE
#define LI CHARTER_SPAN_LIST_ITEM
#define LN CHARTER_SPAN_LINK
#define TB CHARTER_SPAN_THEMATIC_BREAK

/* The invariants every rich text must keep, whatever the input: the view
 * relies on each of them when it turns spans into text tags.
 */
static void
assert_consistent (CharterRichText *rich_text)
{
  const char *text = charter_rich_text_get_text (rich_text);
  guint length = charter_rich_text_get_length (rich_text);
  guint n_spans = charter_rich_text_get_n_spans (rich_text);
  const CharterSpan *previous = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpint (length, ==, g_utf8_strlen (text, -1));
  if (length > 0)
    g_assert_cmpint (text[strlen (text) - 1], !=, '\n');

  for (guint i = 0; i < n_spans; i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (rich_text, i);

      g_assert_nonnull (span);
      g_assert_cmpuint (span->start, <, span->end);
      g_assert_cmpuint (span->end, <=, length);

      /* Sorted by start; for equal starts the enclosing span first. */
      if (previous != NULL)
        {
          g_assert_cmpuint (previous->start, <=, span->start);
          if (previous->start == span->start)
            g_assert_cmpuint (previous->end, >=, span->end);
        }

      switch (span->kind)
        {
        case CHARTER_SPAN_HEADING:
          g_assert_cmpuint (span->level, >=, 1);
          g_assert_cmpuint (span->level, <=, 6);
          break;

        case CHARTER_SPAN_LIST_ITEM:
          g_assert_cmpuint (span->level, >=, 1);
          g_assert_cmpuint (span->marker_length, >, 0);
          g_assert_cmpuint (span->marker_length, <=, span->end - span->start);
          break;

        case CHARTER_SPAN_BLOCK_QUOTE:
          g_assert_cmpuint (span->level, >=, 1);
          break;

        case CHARTER_SPAN_LINK:
          g_assert_nonnull (span->url);
          g_assert_true (g_utf8_validate (span->url, -1, NULL));
          break;

        case CHARTER_SPAN_PARAGRAPH:
        case CHARTER_SPAN_EMPHASIS:
        case CHARTER_SPAN_STRONG:
        case CHARTER_SPAN_CODE:
        case CHARTER_SPAN_CODE_BLOCK:
        case CHARTER_SPAN_THEMATIC_BREAK:
          g_assert_cmpuint (span->level, ==, 0);
          g_assert_cmpuint (span->marker_length, ==, 0);
          g_assert_null (span->url);
          break;

        default:
          g_assert_not_reached ();
        }

      previous = span;
    }
}

static void
describe_span (GString         *out,
               CharterSpanKind  kind,
               guint            start,
               guint            end,
               guint            level,
               guint            marker_length,
               const char      *url)
{
  static const char * const names[] = {
    "PARAGRAPH", "HEADING", "EMPHASIS", "STRONG", "CODE", "CODE_BLOCK",
    "BLOCK_QUOTE", "LIST_ITEM", "LINK", "THEMATIC_BREAK",
  };

  g_string_append_printf (out, "%s %u..%u level=%u marker=%u url=%s\n",
                          kind < G_N_ELEMENTS (names) ? names[kind] : "?",
                          start, end, level, marker_length, url ? url : "(null)");
}

static void
assert_rich_text_len (const char         *markdown,
                      gssize              length,
                      const char         *expected_text,
                      const ExpectedSpan *expected,
                      guint               n_expected)
{
  g_autoptr(CharterRichText) rich_text = NULL;
  g_autoptr(GString) actual_spans = g_string_new (NULL);
  g_autoptr(GString) expected_spans = g_string_new (NULL);
  const char *text;

  rich_text = charter_rich_text_new_from_markdown (markdown, length);
  g_assert_nonnull (rich_text);
  assert_consistent (rich_text);

  text = charter_rich_text_get_text (rich_text);
  g_assert_cmpstr (text, ==, expected_text);
  g_assert_cmpuint (charter_rich_text_get_length (rich_text), ==,
                    g_utf8_strlen (expected_text, -1));

  /* Compared as one listing each, so that a failure shows every span. */
  for (guint i = 0; i < charter_rich_text_get_n_spans (rich_text); i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (rich_text, i);

      describe_span (actual_spans, span->kind, span->start, span->end, span->level,
                     span->marker_length, span->url);
    }
  for (guint i = 0; i < n_expected; i++)
    describe_span (expected_spans, expected[i].kind, expected[i].start, expected[i].end,
                   expected[i].level, expected[i].marker_length, expected[i].url);
  g_assert_cmpstr (actual_spans->str, ==, expected_spans->str);

  for (guint i = 0; i < n_expected; i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (rich_text, i);
      g_autofree char *word = g_utf8_substring (text, span->start, span->end);

      g_assert_cmpstr (word, ==, expected[i].word);
    }
}

#define assert_rich_text(markdown, expected_text, expected) \
  assert_rich_text_len ((markdown), -1, (expected_text), (expected), G_N_ELEMENTS (expected))

static void
assert_plain_paragraph (const char *markdown,
                        const char *expected_text)
{
  const ExpectedSpan expected[] = {
    { P, 0, (guint) g_utf8_strlen (expected_text, -1), 0, 0, NULL, expected_text },
  };

  assert_rich_text (markdown, expected_text, expected);
}

static void
test_paragraphs (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 16, 0, 0, NULL, "First paragraph." },
    { P, 17, 27, 0, 0, NULL, "Second one" },
    { P, 28, 33, 0, 0, NULL, "Third" },
  };

  assert_rich_text ("First paragraph.\n\nSecond one\n\n\n\nThird\n",
                    "First paragraph.\nSecond one\nThird", expected);
}

static void
test_headings (void)
{
  const ExpectedSpan expected[] = {
    { H, 0, 3, 1, 0, NULL, "One" },
    { H, 4, 7, 2, 0, NULL, "Two" },
    { H, 8, 13, 3, 0, NULL, "Three" },
    { H, 14, 18, 4, 0, NULL, "Four" },
    { H, 19, 23, 5, 0, NULL, "Five" },
    { H, 24, 27, 6, 0, NULL, "Six" },
    { P, 28, 32, 0, 0, NULL, "Body" },
    { H, 33, 38, 1, 0, NULL, "Title" },
    { H, 39, 42, 2, 0, NULL, "Sub" },
  };

  assert_rich_text ("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n\nBody\n\n"
                    "Title\n=====\n\nSub\n---\n",
                    "One\nTwo\nThree\nFour\nFive\nSix\nBody\nTitle\nSub", expected);
}

static void
test_empty_heading (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 1, 0, 0, NULL, "a" },
    { P, 2, 3, 0, 0, NULL, "b" },
  };

  /* A heading without text leaves neither a span nor a blank line. */
  assert_rich_text ("a\n\n#\n\nb", "a\nb", expected);
}

static void
test_emphasis (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 22, 0, 0, NULL, "em and strong and both" },
    { EM, 0, 2, 0, 0, NULL, "em" },
    { ST, 7, 13, 0, 0, NULL, "strong" },
    { EM, 18, 22, 0, 0, NULL, "both" },
    { ST, 18, 22, 0, 0, NULL, "both" },
  };
  const ExpectedSpan nested[] = {
    { P, 0, 13, 0, 0, NULL, "one two three" },
    { EM, 0, 13, 0, 0, NULL, "one two three" },
    { ST, 4, 7, 0, 0, NULL, "two" },
  };
  const ExpectedSpan underscores[] = {
    { P, 0, 15, 0, 0, NULL, "under and score" },
    { EM, 0, 5, 0, 0, NULL, "under" },
    { ST, 10, 15, 0, 0, NULL, "score" },
  };

  assert_rich_text ("*em* and **strong** and ***both***", "em and strong and both", expected);
  assert_rich_text ("*one **two** three*", "one two three", nested);
  assert_rich_text ("_under_ and __score__", "under and score", underscores);
}

static void
test_inline_code (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 19, 0, 0, NULL, "Use g_free (p) here" },
    { CO, 4, 14, 0, 0, NULL, "g_free (p)" },
  };
  const ExpectedSpan backticks[] = {
    { P, 0, 11, 0, 0, NULL, "a ` b *not*" },
    { CO, 0, 11, 0, 0, NULL, "a ` b *not*" },
  };

  assert_rich_text ("Use `g_free (p)` here", "Use g_free (p) here", expected);
  /* Nothing inside a code span is Markdown, not even emphasis. */
  assert_rich_text ("`` a ` b *not* ``", "a ` b *not*", backticks);
}

static void
test_code_blocks (void)
{
  const ExpectedSpan expected[] = {
    { CB, 0, 13, 0, 0, NULL, "int x;\nint y;" },
    { CB, 14, 29, 0, 0, NULL, "indented\n  code" },
    { P, 30, 35, 0, 0, NULL, "after" },
  };
  const ExpectedSpan tilde[] = {
    { P, 0, 6, 0, 0, NULL, "before" },
    { CB, 7, 18, 0, 0, NULL, "# not\n\n*md*" },
    { P, 19, 24, 0, 0, NULL, "after" },
  };

  assert_rich_text ("```c\nint x;\nint y;\n```\n\n    indented\n      code\n\nafter",
                    "int x;\nint y;\nindented\n  code\nafter", expected);
  /* Blank lines at the end of a fence would be blank lines between blocks;
   * blank lines inside one are content.
   */
  assert_rich_text ("before\n~~~\n# not\n\n*md*\n\n\n~~~\nafter",
                    "before\n# not\n\n*md*\nafter", tilde);
}

static void
test_empty_code_block (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 1, 0, 0, NULL, "a" },
    { P, 2, 3, 0, 0, NULL, "b" },
  };

  assert_rich_text ("a\n\n```\n```\n\nb", "a\nb", expected);
}

static void
test_block_quotes (void)
{
  const ExpectedSpan expected[] = {
    { BQ, 0, 18, 1, 0, NULL, "quoted text\nnested" },
    { P, 0, 11, 0, 0, NULL, "quoted text" },
    { EM, 7, 11, 0, 0, NULL, "text" },
    { BQ, 12, 18, 2, 0, NULL, "nested" },
    { P, 12, 18, 0, 0, NULL, "nested" },
    { P, 19, 22, 0, 0, NULL, "out" },
  };
  const ExpectedSpan deep[] = {
    { BQ, 0, 5, 1, 0, NULL, "a\nb\nc" },
    { P, 0, 1, 0, 0, NULL, "a" },
    { BQ, 2, 5, 2, 0, NULL, "b\nc" },
    { P, 2, 3, 0, 0, NULL, "b" },
    { BQ, 4, 5, 3, 0, NULL, "c" },
    { P, 4, 5, 0, 0, NULL, "c" },
  };

  assert_rich_text ("> quoted *text*\n>\n> > nested\n\nout",
                    "quoted text\nnested\nout", expected);
  assert_rich_text ("> a\n>\n> > b\n> >\n> > > c", "a\nb\nc", deep);
}

static void
test_bullet_lists (void)
{
  const ExpectedSpan expected[] = {
    { LI, 0, 5, 1, 2, NULL, "\u2022 one" },
    { P, 2, 5, 0, 0, NULL, "one" },
    { LI, 6, 11, 1, 2, NULL, "\u2022 two" },
    { P, 8, 11, 0, 0, NULL, "two" },
    { P, 12, 17, 0, 0, NULL, "after" },
  };
  const ExpectedSpan loose[] = {
    { LI, 0, 8, 1, 2, NULL, "\u2022 a\nmore" },
    { P, 2, 3, 0, 0, NULL, "a" },
    { P, 4, 8, 0, 0, NULL, "more" },
    { LI, 9, 12, 1, 2, NULL, "\u2022 b" },
    { P, 11, 12, 0, 0, NULL, "b" },
  };
  const ExpectedSpan empty_item[] = {
    { LI, 0, 2, 1, 2, NULL, "\u2022 " },
    { LI, 3, 6, 1, 2, NULL, "\u2022 b" },
    { P, 5, 6, 0, 0, NULL, "b" },
  };

  assert_rich_text ("- one\n- two\n\nafter", "\u2022 one\n\u2022 two\nafter", expected);
  /* Loose lists get no blank lines either: spacing is the view's job. */
  assert_rich_text ("* a\n\n  more\n\n* b", "\u2022 a\nmore\n\u2022 b", loose);
  assert_rich_text ("-\n- b", "\u2022 \n\u2022 b", empty_item);
}

static void
test_ordered_lists (void)
{
  const ExpectedSpan paren[] = {
    { LI, 0, 8, 1, 3, NULL, "3) three" },
    { P, 3, 8, 0, 0, NULL, "three" },
    { LI, 9, 16, 1, 3, NULL, "4) four" },
    { P, 12, 16, 0, 0, NULL, "four" },
  };
  const ExpectedSpan period[] = {
    { LI, 0, 7, 1, 3, NULL, "9. nine" },
    { P, 3, 7, 0, 0, NULL, "nine" },
    { LI, 8, 15, 1, 4, NULL, "10. ten" },
    { P, 12, 15, 0, 0, NULL, "ten" },
  };
  const ExpectedSpan large[] = {
    { LI, 0, 12, 1, 11, NULL, "123456789. x" },
    { P, 11, 12, 0, 0, NULL, "x" },
    { LI, 13, 25, 1, 11, NULL, "123456790. y" },
    { P, 24, 25, 0, 0, NULL, "y" },
  };

  assert_rich_text ("3) three\n4) four\n", "3) three\n4) four", paren);
  assert_rich_text ("9. nine\n10. ten", "9. nine\n10. ten", period);
  assert_rich_text ("123456789. x\n123456790. y", "123456789. x\n123456790. y", large);
}

static void
test_nested_lists (void)
{
  const ExpectedSpan expected[] = {
    { LI, 0, 16, 1, 2, NULL, "\u2022 a\n\u25E6 b\n1. c\n\u25AA d" },
    { P, 2, 3, 0, 0, NULL, "a" },
    { LI, 4, 16, 2, 2, NULL, "\u25E6 b\n1. c\n\u25AA d" },
    { P, 6, 7, 0, 0, NULL, "b" },
    { LI, 8, 16, 3, 3, NULL, "1. c\n\u25AA d" },
    { P, 11, 12, 0, 0, NULL, "c" },
    { LI, 13, 16, 4, 2, NULL, "\u25AA d" },
    { P, 15, 16, 0, 0, NULL, "d" },
    { LI, 17, 20, 1, 2, NULL, "\u2022 e" },
    { P, 19, 20, 0, 0, NULL, "e" },
  };
  const ExpectedSpan mixed[] = {
    { LI, 0, 12, 1, 3, NULL, "1. a\n\u25E6 b\n\u25AA c" },
    { P, 3, 4, 0, 0, NULL, "a" },
    { LI, 5, 12, 2, 2, NULL, "\u25E6 b\n\u25AA c" },
    { P, 7, 8, 0, 0, NULL, "b" },
    { LI, 9, 12, 3, 2, NULL, "\u25AA c" },
    { P, 11, 12, 0, 0, NULL, "c" },
    { LI, 13, 17, 1, 3, NULL, "2. d" },
    { P, 16, 17, 0, 0, NULL, "d" },
  };

  assert_rich_text ("- a\n"
                    "  - b\n"
                    "    1. c\n"
                    "       - d\n"
                    "- e\n",
                    "\u2022 a\n\u25E6 b\n1. c\n\u25AA d\n\u2022 e", expected);
  assert_rich_text ("1. a\n"
                    "   - b\n"
                    "     - c\n"
                    "2. d\n",
                    "1. a\n\u25E6 b\n\u25AA c\n2. d", mixed);
}

static void
test_quoted_list (void)
{
  const ExpectedSpan expected[] = {
    { BQ, 0, 7, 1, 0, NULL, "\u2022 a\n\u2022 x" },
    { LI, 0, 3, 1, 2, NULL, "\u2022 a" },
    { P, 2, 3, 0, 0, NULL, "a" },
    { LI, 4, 7, 1, 2, NULL, "\u2022 x" },
    { P, 6, 7, 0, 0, NULL, "x" },
    { LN, 6, 7, 0, 0, "kb:P-1", "x" },
    { ST, 6, 7, 0, 0, NULL, "x" },
  };

  /* Every kind of nesting at once, down to one character. */
  assert_rich_text ("> - a\n> - [**x**](kb:P-1)", "\u2022 a\n\u2022 x", expected);
}

static void
test_links (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 36, 0, 0, NULL, "See the docs and entry or very bold." },
    { LN, 4, 12, 0, 0, "https://example.org", "the docs" },
    { LN, 17, 22, 0, 0, "kb:P-001", "entry" },
    { LN, 26, 35, 0, 0, "kb:T-2", "very bold" },
    { EM, 26, 30, 0, 0, NULL, "very" },
    { ST, 31, 35, 0, 0, NULL, "bold" },
  };
  const ExpectedSpan autolink[] = {
    { P, 0, 19, 0, 0, NULL, "Go https://x.org/a." },
    { LN, 3, 18, 0, 0, "https://x.org/a", "https://x.org/a" },
  };
  const ExpectedSpan reference[] = {
    { P, 0, 9, 0, 0, NULL, "a ref b c" },
    { LN, 2, 5, 0, 0, "kb:TOPIC-9", "ref" },
    { LN, 8, 9, 0, 0, "", "c" },
  };

  assert_rich_text ("See [the docs](https://example.org) and [entry](kb:P-001) "
                    "or [*very* **bold**](kb:T-2 \"title\").",
                    "See the docs and entry or very bold.", expected);
  assert_rich_text ("Go <https://x.org/a>.", "Go https://x.org/a.", autolink);
  /* A link without a destination still is one; one without text is not shown. */
  assert_rich_text ("a [ref] b [](kb:empty)[c]()\n\n[ref]: kb:TOPIC-9\n",
                    "a ref b c", reference);
}

static void
test_images (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 17, 0, 0, NULL, "A diagram, inline" },
    { LN, 0, 9, 0, 0, "img/diagram.png", "A diagram" },
    { LN, 11, 17, 0, 0, "b.svg", "inline" },
    { EM, 11, 17, 0, 0, NULL, "inline" },
  };
  /* The image's own link is the inner one. */
  const ExpectedSpan linked[] = {
    { P, 0, 4, 0, 0, NULL, "logo" },
    { LN, 0, 4, 0, 0, "kb:home", "logo" },
    { LN, 0, 4, 0, 0, "logo.png", "logo" },
  };

  assert_rich_text ("![A diagram](img/diagram.png \"title\"), ![*inline*](b.svg)",
                    "A diagram, inline", expected);
  assert_rich_text ("[![logo](logo.png)](kb:home)", "logo", linked);
}

static void
test_thematic_break (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 5, 0, 0, NULL, "above" },
    { TB, 6, 9, 0, 0, NULL, "\u2015\u2015\u2015" },
    { P, 10, 15, 0, 0, NULL, "below" },
    { TB, 16, 19, 0, 0, NULL, "\u2015\u2015\u2015" },
  };

  assert_rich_text ("above\n\n***\n\nbelow\n\n- - -\n",
                    "above\n\u2015\u2015\u2015\nbelow\n\u2015\u2015\u2015", expected);
}

static void
test_breaks (void)
{
  assert_plain_paragraph ("one\ntwo  \nthree\\\nfour", "one two\nthree\nfour");
  /* Trailing spaces at the end of a paragraph are no break. */
  assert_plain_paragraph ("end  \n", "end");
}

static void
test_raw_html (void)
{
  const ExpectedSpan block[] = {
    { P, 0, 25, 0, 0, NULL, "<script>alert(1)</script>" },
    { P, 26, 30, 0, 0, NULL, "text" },
  };
  const ExpectedSpan multiline[] = {
    { P, 0, 27, 0, 0, NULL, "<div>\n*not emphasis*\n</div>" },
  };

  assert_rich_text ("<script>alert(1)</script>\n\ntext",
                    "<script>alert(1)</script>\ntext", block);
  assert_rich_text ("<div>\n*not emphasis*\n</div>\n",
                    "<div>\n*not emphasis*\n</div>", multiline);
  assert_plain_paragraph ("Inline <b>bold</b> & <img src=x onerror=alert(1)>.",
                          "Inline <b>bold</b> & <img src=x onerror=alert(1)>.");
  assert_plain_paragraph ("a <!-- comment --> b <?php x ?> c",
                          "a <!-- comment --> b <?php x ?> c");
}

static void
test_entities (void)
{
  assert_plain_paragraph ("AT&amp;T &lt;tag&gt; &copy; &#x4E2D; &#20013; \\*not em\\* \\[x\\]",
                          "AT&T <tag> \u00A9 \u4E2D \u4E2D *not em* [x]");
}

static void
test_cjk (void)
{
  const ExpectedSpan expected[] = {
    { P, 0, 6, 0, 0, NULL, "网络主权原则" },
    { ST, 2, 4, 0, 0, NULL, "主权" },
  };
  const ExpectedSpan heading[] = {
    { H, 0, 4, 2, 0, NULL, "基本原则" },
    { LI, 5, 11, 1, 2, NULL, "\u2022 网络空间" },
    { P, 7, 11, 0, 0, NULL, "网络空间" },
    { LN, 9, 11, 0, 0, "kb:空间", "空间" },
  };

  assert_rich_text ("网络**主权**原则", "网络主权原则", expected);
  assert_rich_text ("## 基本原则\n\n- 网络[空间](kb:空间)",
                    "基本原则\n\u2022 网络空间", heading);
}

static void
test_combining_and_emoji (void)
{
  const ExpectedSpan combining[] = {
    { P, 0, 5, 0, 0, NULL, "e\u0301t\u00E9x" },
    { EM, 0, 4, 0, 0, NULL, "e\u0301t\u00E9" },
  };
  const ExpectedSpan emoji[] = {
    { P, 0, 11, 0, 0, NULL, "\U0001F600 \U0001F389 party \U0001F44D" },
    { ST, 2, 9, 0, 0, NULL, "\U0001F389 party" },
    { CO, 10, 11, 0, 0, NULL, "\U0001F44D" },
  };

  /* A decomposed é is two code points, as GtkTextIter counts it. */
  assert_rich_text ("*e\u0301t\u00E9*x", "e\u0301t\u00E9x", combining);
  /* Characters outside the BMP are one code point each, not two as in UTF-16. */
  assert_rich_text ("\U0001F600 **\U0001F389 party** `\U0001F44D`",
                    "\U0001F600 \U0001F389 party \U0001F44D", emoji);
}

static void
test_empty (void)
{
  g_autoptr(CharterRichText) rich_text = NULL;

  rich_text = charter_rich_text_new_from_markdown ("", -1);
  assert_consistent (rich_text);
  g_assert_cmpstr (charter_rich_text_get_text (rich_text), ==, "");
  g_assert_cmpuint (charter_rich_text_get_length (rich_text), ==, 0);
  g_assert_cmpuint (charter_rich_text_get_n_spans (rich_text), ==, 0);

  assert_rich_text_len ("\n\n   \n\t\n", -1, "", NULL, 0);
  assert_rich_text_len ("[unused]: kb:x\n", -1, "", NULL, 0);
  assert_rich_text_len ("> \n>\n", -1, "", NULL, 0);
}

static void
test_length (void)
{
  const char buffer[] = { '*', '*', 'b', 'o', 'l', 'd', '*', '*', ' ', 't', 'a', 'i', 'l' };
  const ExpectedSpan expected[] = {
    { P, 0, 4, 0, 0, NULL, "bold" },
    { ST, 0, 4, 0, 0, NULL, "bold" },
  };

  /* Not NUL-terminated: only length bytes may be read. */
  assert_rich_text_len (buffer, 8, "bold", expected, G_N_ELEMENTS (expected));
}

static void
test_invalid_utf8 (void)
{
  const ExpectedSpan nul[] = {
    { P, 0, 3, 0, 0, NULL, "a\uFFFDb" },
  };
  const ExpectedSpan invalid_url[] = {
    { P, 0, 1, 0, 0, NULL, "x" },
    { LN, 0, 1, 0, 0, "a\uFFFDb", "x" },
  };
  static const char *inputs[] = {
    "ab\xff\xfe *c\xc3* d\x80",
    "\xe7\xbd\x91**\xe7\xbd**\xe7",
    "- \xf0\x9f\x98\n- `\xc0\xaf`\n\n> \xed\xa0\x80 [x](\xfe)",
    "\xff\n===\n\n```\xff\n\xfe\n```",
  };

  assert_plain_paragraph ("a\xff" "b", "a\uFFFDb");
  /* A truncated four-byte sequence at the very end of the input. */
  assert_plain_paragraph ("a\xf0\x9f\x98", "a\uFFFD\uFFFD\uFFFD");
  /* cmark turns NUL into U+FFFD itself; the text must never contain one. */
  assert_rich_text_len ("a\0b", 3, "a\uFFFDb", nul, G_N_ELEMENTS (nul));
  assert_rich_text ("[x](a\xff" "b)", "x", invalid_url);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(CharterRichText) rich_text = NULL;

      rich_text = charter_rich_text_new_from_markdown (inputs[i], -1);
      assert_consistent (rich_text);
      g_assert_nonnull (strstr (charter_rich_text_get_text (rich_text), "\uFFFD"));
    }
}

static void
test_large_body (void)
{
  g_autoptr(GString) markdown = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(CharterRichText) rich_text = NULL;
  guint n_paragraphs = 0;
  guint counts[CHARTER_SPAN_THEMATIC_BREAK + 1] = { 0, };
  const CharterSpan *last_paragraph;
  const CharterSpan *last_link;
  g_autofree char *last_url = NULL;
  g_autofree char *word = NULL;
  guint n_spans;
  gint64 begin;

  /* Non-ASCII text in every paragraph, so that a byte offset mistaken for a
   * character offset cannot go unnoticed.
   */
  while (markdown->len < 1024 * 1024)
    {
      g_string_append_printf (markdown,
                              "Absatz %u \u00FCber *Gr\u00F6\u00DFe* \u7F51\u7EDC and a "
                              "[link](kb:P-%u).\n\n",
                              n_paragraphs, n_paragraphs);
      if (n_paragraphs > 0)
        g_string_append_c (expected, '\n');
      g_string_append_printf (expected,
                              "Absatz %u \u00FCber Gr\u00F6\u00DFe \u7F51\u7EDC and a link.",
                              n_paragraphs);
      n_paragraphs++;
    }

  begin = g_get_monotonic_time ();
  rich_text = charter_rich_text_new_from_markdown (markdown->str, (gssize) markdown->len);
  g_test_message ("%" G_GSIZE_FORMAT " bytes rendered in %" G_GINT64_FORMAT " us",
                  markdown->len, g_get_monotonic_time () - begin);

  assert_consistent (rich_text);
  g_assert_cmpstr (charter_rich_text_get_text (rich_text), ==, expected->str);
  g_assert_cmpuint (charter_rich_text_get_length (rich_text), ==,
                    g_utf8_strlen (expected->str, -1));
  g_assert_cmpuint (charter_rich_text_get_length (rich_text), <, expected->len);

  n_spans = charter_rich_text_get_n_spans (rich_text);
  for (guint i = 0; i < n_spans; i++)
    counts[charter_rich_text_get_span (rich_text, i)->kind]++;

  g_assert_cmpuint (counts[CHARTER_SPAN_PARAGRAPH], ==, n_paragraphs);
  g_assert_cmpuint (counts[CHARTER_SPAN_EMPHASIS], ==, n_paragraphs);
  g_assert_cmpuint (counts[CHARTER_SPAN_LINK], ==, n_paragraphs);
  g_assert_cmpuint (n_spans, ==, 3 * n_paragraphs);

  /* The last paragraph's spans land at the very end of the text. */
  last_paragraph = charter_rich_text_get_span (rich_text, n_spans - 3);
  last_link = charter_rich_text_get_span (rich_text, n_spans - 1);
  last_url = g_strdup_printf ("kb:P-%u", n_paragraphs - 1);

  g_assert_cmpint (last_paragraph->kind, ==, CHARTER_SPAN_PARAGRAPH);
  g_assert_cmpuint (last_paragraph->end, ==, charter_rich_text_get_length (rich_text));
  g_assert_cmpint (last_link->kind, ==, CHARTER_SPAN_LINK);
  g_assert_cmpstr (last_link->url, ==, last_url);
  word = g_utf8_substring (charter_rich_text_get_text (rich_text),
                           last_link->start, last_link->end);
  g_assert_cmpstr (word, ==, "link");
}

static void
test_boxed (void)
{
  g_autoptr(CharterRichText) rich_text = NULL;
  CharterRichText *copy;
  const CharterSpan *span;

  g_assert_true (G_TYPE_IS_BOXED (CHARTER_TYPE_RICH_TEXT));

  rich_text = charter_rich_text_new_from_markdown ("[a](kb:x)", -1);
  span = charter_rich_text_get_span (rich_text, 1);

  /* A copy is a reference: spans and urls stay where they were. */
  copy = g_boxed_copy (CHARTER_TYPE_RICH_TEXT, rich_text);
  g_assert_true (copy == rich_text);
  g_boxed_free (CHARTER_TYPE_RICH_TEXT, copy);

  copy = charter_rich_text_ref (rich_text);
  g_clear_pointer (&rich_text, charter_rich_text_unref);
  g_assert_true (charter_rich_text_get_span (copy, 1) == span);
  g_assert_cmpstr (span->url, ==, "kb:x");
  charter_rich_text_unref (copy);
}

static void
test_bad_arguments (void)
{
  g_autoptr(CharterRichText) rich_text = NULL;
  CharterRichText *none;
  const CharterSpan *span;

  g_test_expect_message ("charter-rich-text", G_LOG_LEVEL_CRITICAL,
                         "*assertion*markdown != NULL*failed*");
  none = charter_rich_text_new_from_markdown (NULL, -1);
  g_test_assert_expected_messages ();
  g_assert_null (none);

  rich_text = charter_rich_text_new_from_markdown ("a", -1);
  g_assert_cmpuint (charter_rich_text_get_n_spans (rich_text), ==, 1);

  g_test_expect_message ("charter-rich-text", G_LOG_LEVEL_CRITICAL,
                         "*assertion*index < self->n_spans*failed*");
  span = charter_rich_text_get_span (rich_text, 1);
  g_test_assert_expected_messages ();
  g_assert_null (span);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rich-text/paragraphs", test_paragraphs);
  g_test_add_func ("/rich-text/headings", test_headings);
  g_test_add_func ("/rich-text/empty-heading", test_empty_heading);
  g_test_add_func ("/rich-text/emphasis", test_emphasis);
  g_test_add_func ("/rich-text/inline-code", test_inline_code);
  g_test_add_func ("/rich-text/code-blocks", test_code_blocks);
  g_test_add_func ("/rich-text/empty-code-block", test_empty_code_block);
  g_test_add_func ("/rich-text/block-quotes", test_block_quotes);
  g_test_add_func ("/rich-text/bullet-lists", test_bullet_lists);
  g_test_add_func ("/rich-text/ordered-lists", test_ordered_lists);
  g_test_add_func ("/rich-text/nested-lists", test_nested_lists);
  g_test_add_func ("/rich-text/quoted-list", test_quoted_list);
  g_test_add_func ("/rich-text/links", test_links);
  g_test_add_func ("/rich-text/images", test_images);
  g_test_add_func ("/rich-text/thematic-break", test_thematic_break);
  g_test_add_func ("/rich-text/breaks", test_breaks);
  g_test_add_func ("/rich-text/raw-html", test_raw_html);
  g_test_add_func ("/rich-text/entities", test_entities);
  g_test_add_func ("/rich-text/cjk", test_cjk);
  g_test_add_func ("/rich-text/combining-and-emoji", test_combining_and_emoji);
  g_test_add_func ("/rich-text/empty", test_empty);
  g_test_add_func ("/rich-text/length", test_length);
  g_test_add_func ("/rich-text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rich-text/large-body", test_large_body);
  g_test_add_func ("/rich-text/boxed", test_boxed);
  g_test_add_func ("/rich-text/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
