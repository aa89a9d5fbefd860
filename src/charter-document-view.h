/* charter-document-view.h: one document, its header and its body, for reading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "charter-document.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_DOCUMENT_VIEW (charter_document_view_get_type ())

G_DECLARE_FINAL_TYPE (CharterDocumentView, charter_document_view, CHARTER, DOCUMENT_VIEW, GtkWidget)

GtkWidget       *charter_document_view_new              (void);
CharterDocument *charter_document_view_get_document     (CharterDocumentView *self);
void             charter_document_view_set_document     (CharterDocumentView *self,
                                                         CharterDocument     *document);
GtkTextView     *charter_document_view_get_text_view    (CharterDocumentView *self);
gboolean         charter_document_view_activate_link_at (CharterDocumentView *self,
                                                         guint                offset);
void             charter_document_view_highlight_hits   (CharterDocumentView *self,
                                                         const guint         *starts,
                                                         const guint         *ends,
                                                         guint                n_hits);
guint            charter_document_view_get_n_hits       (CharterDocumentView *self);
gboolean         charter_document_view_find             (CharterDocumentView *self,
                                                         const char          *text);
guint            charter_document_view_get_n_matches    (CharterDocumentView *self);
int              charter_document_view_get_current_match (CharterDocumentView *self);
gboolean         charter_document_view_get_hit          (CharterDocumentView *self,
                                                         guint                index,
                                                         guint               *start,
                                                         guint               *end);

G_END_DECLS
