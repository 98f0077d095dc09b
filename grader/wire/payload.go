package wire

import "math/rand/v2"

// payloadAlphabet has 64 printable characters, so a payload prints
// readably with %q and a lost, repeated or reordered chunk shows.
const payloadAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// Payload returns n pseudo-random printable bytes determined by seed. The
// judge and the child both call it, so data the submission must send need
// not travel through the command pipe: the child makes it from the seed and
// the judge knows what should arrive.
func Payload(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 0x9a71))
	b := make([]byte, max(n, 0))
	for i := 0; i < len(b); {
		r := rng.Uint64()
		for j := 0; j < 10 && i < len(b); j++ {
			b[i] = payloadAlphabet[r&63]
			r >>= 6
			i++
		}
	}
	return b
}
