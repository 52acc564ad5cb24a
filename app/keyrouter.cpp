// KeyRouter: see keyrouter.h for the rules.
#include "keyrouter.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace conceptlab {

KeyRouter::KeyRouter(QWidget *window, Handlers handlers)
    : QObject(window)
    , m_window(window)
    , m_handlers(std::move(handlers))
{
    qApp->installEventFilter(this);
}

bool KeyRouter::editsText(const QWidget *widget)
{
    if (widget == nullptr)
        return false;
    if (const auto *line = qobject_cast<const QLineEdit *>(widget))
        return !line->isReadOnly();
    if (const auto *text = qobject_cast<const QPlainTextEdit *>(widget))
        return !text->isReadOnly();
    if (const auto *text = qobject_cast<const QTextEdit *>(widget))
        return !text->isReadOnly();
    if (qobject_cast<const QAbstractSpinBox *>(widget) != nullptr)
        return true;
    if (const auto *combo = qobject_cast<const QComboBox *>(widget))
        return combo->isEditable();
    return false;
}

bool KeyRouter::eventFilter(QObject *watched, QEvent *event)
{
    // ShortcutOverride comes first: a text field claims the keys it types, which would keep
    // the window's shortcuts from firing; KeyPress follows it to the same widget.
    if (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride)
        return false;
    auto *receiver = qobject_cast<QWidget *>(watched);
    if (receiver == nullptr || receiver->window() != m_window)
        return false;
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->matches(QKeySequence::Undo) && m_handlers.presenting()) {
        // The pen's strokes come first; a text field with the focus undoes its typing only
        // when there is none. (Without such a field the window's Undo Stroke action fires.)
        if (event->type() == QEvent::ShortcutOverride)
            return false;
        return m_handlers.undoStroke();
    }
    if (key->modifiers() & ~Qt::KeypadModifier)
        return false;
    if (event->type() == QEvent::ShortcutOverride) {
        // Claim the keys handled here, so the KeyPress reaches this filter and no shortcut
        // or widget acts on them first.
        const int k = key->key();
        const bool presenting = m_handlers.presenting();
        const bool mine = (k == Qt::Key_Escape && (presenting || editsText(receiver)))
            || ((k == Qt::Key_PageDown || k == Qt::Key_PageUp) && m_handlers.hasModule())
            || (presenting && m_handlers.hasModule()
                && (k == Qt::Key_Space || k == Qt::Key_Right || k == Qt::Key_Left || k == Qt::Key_R || k == Qt::Key_P
                    || k == Qt::Key_L));
        if (mine)
            event->accept();
        return false;
    }
    return handleKey(receiver, key->key());
}

bool KeyRouter::handleKey(QWidget *receiver, int key)
{
    const bool presenting = m_handlers.presenting();
    if (key == Qt::Key_Escape) {
        if (presenting) {
            m_handlers.leavePresenter();
            return true;
        }
        if (editsText(receiver)) {
            receiver->clearFocus();
            m_window->setFocus();
            return true;
        }
        return false;
    }
    if (!m_handlers.hasModule())
        return false;
    if (key == Qt::Key_PageDown || key == Qt::Key_PageUp) {
        m_handlers.turnPage(key == Qt::Key_PageDown ? 1 : -1);
        return true;
    }
    if ((key == Qt::Key_P || key == Qt::Key_L) && presenting) {
        m_handlers.toolKey(key);
        return true;
    }
    const bool playback = key == Qt::Key_Space || key == Qt::Key_Right || key == Qt::Key_Left || key == Qt::Key_R;
    if (playback && (presenting || !editsText(receiver))) {
        m_handlers.playbackKey(key);
        return true;
    }
    return false;
}

} // namespace conceptlab
