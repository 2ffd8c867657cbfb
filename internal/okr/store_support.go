package okr

// Unwrap returns the collected errors, so that errors.As(err, &e) with
// e *Error finds the first of them: ErrorCode and ErrorMessage of a
// ValidationErrors are those of its first error (EINVALID), while callers
// that want every problem can still errors.As to ValidationErrors.
func (v ValidationErrors) Unwrap() []error {
	errs := make([]error, len(v))
	for i, e := range v {
		errs[i] = e
	}
	return errs
}
