/* charter-document.h: a document with a CommonMark body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "charter-entry.h"
#include "charter-rich-text.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_DOCUMENT (charter_document_get_type ())

G_DECLARE_FINAL_TYPE (CharterDocument, charter_document, CHARTER, DOCUMENT, CharterEntry)

const char      *charter_document_get_date             (CharterDocument *self);
const char      *charter_document_get_source_publisher (CharterDocument *self);
const char      *charter_document_get_source_url       (CharterDocument *self);
const char      *charter_document_get_body             (CharterDocument *self);
GListModel      *charter_document_get_topics           (CharterDocument *self);
GListModel      *charter_document_get_principles       (CharterDocument *self);
CharterRichText *charter_document_render               (CharterDocument *self);

G_END_DECLS
