package plan

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The bot maps each to what the user sees in one place.
const (
	ECONFLICT  = "conflict"  // the action conflicts with the current state
	EFORBIDDEN = "forbidden" // the user may not do this on this plan
	EINTERNAL  = "internal"  // a bug or an unavailable dependency
	EINVALID   = "invalid"   // the input failed validation
	ENOTFOUND  = "not_found" // the entity does not exist
)

// Error is the one error type of the domain. Field names the form field an
// EINVALID error is about; Key is a stable message identifier that the bot
// translates from its catalogue; Message is an English fallback for logs.
// Args are the values the catalogue entry of Key formats, when it names
// some ("1,250": did you mean 1 250 or 1,25?), written for the reader.
type Error struct {
	Code    string
	Field   string
	Key     string
	Message string
	Args    []any
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("planbot error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("planbot error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error about field, with a catalogue key and an
// English message.
func Invalid(field, key, message string) *Error {
	return &Error{Code: EINVALID, Field: field, Key: key, Message: message}
}

// FieldErrors collects every invalid field of a form, so a modal can show
// all of them at once instead of one per submit.
type FieldErrors []*Error

// Error implements the error interface.
func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Field + ": " + e.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Err returns fe as an error, or nil when it holds no error.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// ErrorCode returns the code of the root error, if available; EINTERNAL
// otherwise. FieldErrors count as EINVALID.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var fe FieldErrors
	if errors.As(err, &fe) {
		return EINVALID
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorFields returns the field errors carried by err: the members of a
// FieldErrors, or a single *Error with a field. Nil when there are none.
func ErrorFields(err error) []*Error {
	var fe FieldErrors
	if errors.As(err, &fe) {
		return fe
	}
	var e *Error
	if errors.As(err, &e) && e.Field != "" {
		return []*Error{e}
	}
	return nil
}
