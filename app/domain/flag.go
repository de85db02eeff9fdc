package domain

// ParseFlag reads a yes-or-no query parameter named field: absent, "0" or
// "false" is no; "1" or "true" is yes; anything else is refused, naming
// the field, rather than read as either.
func ParseFlag(field, raw string) (bool, error) {
	switch raw {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, Invalid(field, "invalid_flag", field+" must be 1 or 0")
}
