package domain

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// commonPasswords are passwords of at least MinPasswordLen characters
// found near the top of every published leak, in the West's lists and in
// China's (the CSDN, 163 and 12306 leaks): a guesser tries these first,
// and the rate limits of sign-in let a few through a day for every
// account. Kept lower case; a password is compared lower-cased.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(`
		password password1 password12 password123 passw0rd p@ssw0rd p@ssword
		iloveyou iloveyou1 sunshine princess football baseball superman
		trustno1 whatever welcome1 welcome123 letmein1 changeme admin123
		admin1234 administrator qwerty123 qwertyui qwertyuiop 1qaz2wsx
		1q2w3e4r 1q2w3e4r5t 1qazxsw2 zaq12wsx zxcvbnm1 asdfghjkl
		asdf1234 qwer1234 abcd1234 abc12345 abc123456 a1234567 a12345678
		a123456789 aa123456 aa12345678 qq123456 qq5201314 woaini1314
		woaini520 iloveyou520 5201314520 woaiwojia 1314520520 asd123456
		qwe123456 zxc123456 wang1234 zhang123 li123456 123456abc
		123456aa 123456qq 123456789a 12345678a 1234qwer 123qwe123
		123123123 12341234 11223344 123454321 147258369 159357456
		987654321 0123456789 1234567890 12345678910 abcdefgh
		computer michael jennifer jordan23 liverpool chelsea1 arsenal1
		starwars dragon123 monkey123 shadow12 master123 football1
		baseball1 1234abcd abcdefg1 88888888a 5201314a
	`) {
		m[p] = true
	}
	return m
}()

// keyboardRuns are the rows of a keyboard and the runs of digits and
// letters a guesser walks, forwards (and, read from the end, backwards).
var keyboardRuns = []string{
	"01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
}

// weakPassword reports whether pw is one a guesser tries first: a common
// one, one character repeated, a run of a keyboard row or of the digits
// or letters, or a short pattern repeated ("abcabcabc", "12121212"). It
// reads pw as it is hashed (the compatibility form), lower-cased.
func weakPassword(pw string) bool {
	p := strings.ToLower(norm.NFKC.String(pw))
	if commonPasswords[p] {
		return true
	}
	n := utf8.RuneCountInString(p)
	for size := 1; size <= 4 && size < n; size++ {
		if n%size != 0 {
			continue
		}
		r := []rune(p)
		if strings.Repeat(string(r[:size]), n/size) == p {
			return true
		}
	}
	for _, run := range keyboardRuns {
		if strings.Contains(run, p) || strings.Contains(reverse(run), p) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}
