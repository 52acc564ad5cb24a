// Playback and clicker keys that work from anywhere in the window, and never edit text by
// surprise.
//
// The rules:
// - Esc leaves presenter mode; F5 (an action added to the window itself) enters and leaves it,
//   with or without the menu bar.
// - Page Down / Page Up, the keys a presentation clicker sends, always turn the page: the next
//   or previous lesson step when a lesson is open, otherwise one step forward or back. They
//   never scroll or edit a text field that has the focus.
// - In presenter mode, Space, Right, Left and R too are always playback keys, and P and L
//   always pick the pen and the laser pointer: a teacher who clicked into the code to point at
//   a line does not type into it. Ctrl+Z takes back the pen's last stroke while there is one.
// - Outside presenter mode a text field with the focus keeps Space, Right, Left and R for
//   typing; Esc there hands the focus back to the window, so they play again.
#pragma once

#include <QObject>

#include <functional>

class QWidget;

namespace conceptlab {

class KeyRouter : public QObject {
    Q_OBJECT
public:
    struct Handlers {
        std::function<bool()> presenting; ///< presenter mode is on
        std::function<void()> leavePresenter;
        std::function<bool()> hasModule; ///< a module page is shown (playback keys apply)
        std::function<void(int)> turnPage; ///< +1 Page Down, -1 Page Up
        std::function<void(int)> playbackKey; ///< Qt::Key_Space, _Right, _Left or _R
        std::function<void(int)> toolKey; ///< Qt::Key_P (pen) or _L (laser pointer), presenting
        std::function<bool()> undoStroke; ///< takes back a pen stroke; false if there is none
    };

    /// Routes the keys of `window` (installed on the application, so it sees keys before the
    /// focused widget does).
    KeyRouter(QWidget *window, Handlers handlers);

    /// A widget that edits text with the keys above (line edits, text editors, spin boxes,
    /// editable combo boxes).
    static bool editsText(const QWidget *widget);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool handleKey(QWidget *receiver, int key);

    QWidget *m_window;
    Handlers m_handlers;
};

} // namespace conceptlab
