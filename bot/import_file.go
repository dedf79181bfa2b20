package bot

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/importer"
	"github.com/planbot/planbot/plan"
)

// The file of an import: downloaded from Slack with the bot token, spooled
// to a temporary file and opened with package importer; and the words for
// what can go wrong with it.

// importFile is a file downloaded from Slack and opened for import.
type importFile struct {
	name  string
	path  string
	file  *importer.File
	head  *importer.Head
	close func()
}

// readImport downloads the file fileID with the bot token, spools it to
// a temporary file, opens it in the user's language and reads its head.
func (b *Bot) readImport(ctx context.Context, fileID string, u userInfo) (*importFile, error) {
	info, err := b.fileInfo(ctx, fileID)
	if err != nil {
		return nil, errDownload{err}
	}
	if int64(info.Size) > importer.MaxBytes {
		return nil, &importer.Error{Kind: importer.KindTooLarge, Limit: importer.MaxBytes}
	}
	pr, pw := io.Pipe()
	downloaded := make(chan error, 1)
	go func() {
		err := b.downloadFile(ctx, info.URLPrivateDownload, pw)
		pw.CloseWithError(err)
		downloaded <- err
	}()
	p, err := importer.Spool(pr, "", 0)
	pr.Close() // a download cut short by the limit stops here
	derr := <-downloaded
	if err == nil && derr != nil {
		os.Remove(p)
		err = errDownload{derr}
	}
	var ie *importer.Error
	if err != nil && !errors.As(err, &ie) && !errors.As(err, new(errDownload)) {
		err = errDownload{err}
	}
	if err != nil {
		return nil, err
	}
	f, err := importer.Open(p, importer.Options{Name: info.Name, FileType: info.Filetype, Lang: string(u.Lang)})
	if err != nil {
		os.Remove(p)
		return nil, err
	}
	h, err := f.Head()
	if err != nil {
		f.Close()
		os.Remove(p)
		return nil, err
	}
	rf := &importFile{name: info.Name, path: p, file: f, head: h}
	rf.close = func() {
		if err := f.Close(); err != nil {
			b.Logger.Warn("close import file", "error", err)
		}
		os.Remove(p)
	}
	return rf, nil
}

// errDownload is a file that could not be read from Slack.
type errDownload struct{ err error }

func (e errDownload) Error() string { return "download: " + e.err.Error() }
func (e errDownload) Unwrap() error { return e.err }

// openViewID opens a modal like openView and returns its ID, to update it
// once the slow part is done; ok is false when it could not be opened (the
// user was told).
func (b *Bot) openViewID(ctx context.Context, src source, lang Lang, view slack.ModalViewRequest) (string, bool) {
	tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	resp, err := b.Calls.OpenView(tctx, src.TriggerID, view)
	if err != nil || resp == nil {
		b.Logger.Warn("views.open", "callback_id", view.CallbackID, "user_id", src.UserID, "error", err)
		b.modalFailed(ctx, src.ChannelID, src.UserID, lang, view, err)
		return "", false
	}
	return resp.ID, true
}

// fileInfo describes a file shared in Slack (files.info).
func (b *Bot) fileInfo(ctx context.Context, fileID string) (*slack.File, error) {
	return b.Calls.FileInfo(ctx, fileID)
}

// downloadFile writes the file at a url_private_download address to w,
// with the bot token.
func (b *Bot) downloadFile(ctx context.Context, url string, w io.Writer) error {
	return b.Calls.DownloadFile(ctx, url, w)
}

// importErrorText is what the user reads about an import that failed: a
// file error of the importer, in their language, or a download failure,
// or any other error as errorText says it.
func (b *Bot) importErrorText(lang Lang, err error) string {
	var ie *importer.Error
	var dl errDownload
	switch {
	case errors.As(err, &ie):
		return fileErrorText(lang, ie)
	case errors.As(err, &dl):
		b.Logger.Warn("import download", "error", err)
		return lang.T("import.download")
	case len(plan.ErrorFields(err)) > 0:
		var lines []string
		for _, fe := range plan.ErrorFields(err) {
			lines = append(lines, "• "+lang.T(fe.Key, fe.Args...))
		}
		return strings.Join(lines, "\n")
	}
	var re plan.RowErrors
	if errors.As(err, &re) {
		var lines []string
		for _, e := range re {
			lines = append(lines, "• "+rowErrorMessage(lang, e))
		}
		return strings.Join(lines, "\n")
	}
	return b.errorText(lang, err)
}

// fileErrorText says what is wrong with a file, from the importer's kind.
func fileErrorText(lang Lang, e *importer.Error) string {
	switch e.Kind {
	case importer.KindTooLarge:
		return lang.T(e.Key(), formatFigure(lang, float64(e.Limit)/(1<<20)))
	case importer.KindTooManyRows:
		return lang.T(e.Key(), formatFigure(lang, float64(e.Limit)))
	case importer.KindMismatch:
		return lang.T(e.Key(), Escape(e.Value), lang.T("import.detected."+e.Detected))
	case importer.KindFormula:
		return lang.T(e.Key(), Escape(e.Cell), Escape(e.Column))
	case importer.KindSyntax:
		if e.Line == 0 {
			return lang.T("import.syntax.file")
		}
		return lang.T(e.Key(), strconv.Itoa(e.Line))
	case importer.KindNoHeader:
		return lang.T(e.Key(), strconv.Itoa(e.Line))
	case importer.KindNoSheet:
		return lang.T(e.Key(), Escape(e.Value))
	case importer.KindHeaderChanged:
		return lang.T(e.Key(), Escape(e.Column))
	}
	return lang.T(e.Key())
}
