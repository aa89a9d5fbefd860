/* fuzz-common.h: the invariants every fuzz target checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "charter-rich-text.h"

/* Not g_assert(): that one compiles away under G_DISABLE_ASSERT, and a fuzz
 * build must never stop checking. abort() is what libFuzzer reports as a
 * crash, with the input saved as an artifact.
 */
#define FUZZ_CHECK(cond)                                                  \
  G_STMT_START {                                                          \
    if (G_UNLIKELY (!(cond)))                                             \
      {                                                                   \
        fprintf (stderr, "%s:%d: invariant violated: %s\n",               \
                 __FILE__, __LINE__, #cond);                              \
        abort ();                                                         \
      }                                                                   \
  } G_STMT_END

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const guint8  *data,
                            size_t         size);

/* A critical from g_return_if_fail() means the core handed itself (or
 * json-glib, or cmark) bad data, which is exactly what fuzzing is for: make
 * it a crash, not a log line. Not g_log_set_always_fatal(): GLib ends a fatal
 * message with SIGTRAP, which libFuzzer does not catch, so the input would be
 * lost. abort() raises SIGABRT, which it does catch.
 */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return output;
}

static inline void
fuzz_init_glib (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* Work the loader queued for the main loop (progress notifications, idle
 * callbacks) must run now, or it piles up from one input to the next.
 */
static inline void
fuzz_drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static inline void
fuzz_check_rich_text (CharterRichText *rich_text)
{
  const char *text;
  guint length;
  guint n_spans;

  FUZZ_CHECK (rich_text != NULL);

  text = charter_rich_text_get_text (rich_text);
  length = charter_rich_text_get_length (rich_text);

  FUZZ_CHECK (text != NULL);
  /* The text goes straight into a GtkTextBuffer, which rejects invalid UTF-8. */
  FUZZ_CHECK (g_utf8_validate (text, -1, NULL));
  /* Offsets count characters; a length in bytes, or a NUL inside the text,
   * would put every span in the wrong place.
   */
  FUZZ_CHECK ((glong) length == g_utf8_strlen (text, -1));

  n_spans = charter_rich_text_get_n_spans (rich_text);
  for (guint i = 0; i < n_spans; i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (rich_text, i);

      FUZZ_CHECK (span != NULL);
      FUZZ_CHECK (span->kind <= CHARTER_SPAN_THEMATIC_BREAK);
      FUZZ_CHECK (span->start < span->end);
      FUZZ_CHECK (span->end <= length);

      switch (span->kind)
        {
        case CHARTER_SPAN_HEADING:
          FUZZ_CHECK (span->level >= 1 && span->level <= 6);
          break;

        case CHARTER_SPAN_LIST_ITEM:
          FUZZ_CHECK (span->level >= 1);
          FUZZ_CHECK (span->marker_length <= span->end - span->start);
          break;

        case CHARTER_SPAN_BLOCK_QUOTE:
          FUZZ_CHECK (span->level >= 1);
          break;

        case CHARTER_SPAN_LINK:
          FUZZ_CHECK (span->url != NULL);
          FUZZ_CHECK (g_utf8_validate (span->url, -1, NULL));
          break;

        case CHARTER_SPAN_PARAGRAPH:
        case CHARTER_SPAN_EMPHASIS:
        case CHARTER_SPAN_STRONG:
        case CHARTER_SPAN_CODE:
        case CHARTER_SPAN_CODE_BLOCK:
        case CHARTER_SPAN_THEMATIC_BREAK:
        default:
          break;
        }
    }
}
