package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// Demo photo dimensions: the card's photo area at 300 dpi, comfortably
// above models.MinPhotoWidth × models.MinPhotoHeight.
const (
	photoWidth  = 360
	photoHeight = 460
)

// demoPhoto draws a worker's photo for the demo: a neutral grey silhouette,
// head and shoulders, on a plain light background. No real person: it only
// lets a newcomer print a card's layout.
func demoPhoto() []byte {
	img := image.NewPaletted(image.Rect(0, 0, photoWidth, photoHeight), color.Palette{
		color.RGBA{0xe4, 0xe9, 0xee, 0xff}, // background
		color.RGBA{0x7a, 0x84, 0x8f, 0xff}, // silhouette
	})
	// inEllipse reports whether (x, y) lies in the ellipse centred on
	// (cx, cy) with radii rx, ry.
	inEllipse := func(x, y, cx, cy, rx, ry float64) bool {
		dx, dy := (x-cx)/rx, (y-cy)/ry
		return dx*dx+dy*dy <= 1
	}
	w, h := float64(photoWidth), float64(photoHeight)
	for y := 0; y < photoHeight; y++ {
		for x := 0; x < photoWidth; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			head := inEllipse(fx, fy, w/2, h*0.36, w*0.19, h*0.19)
			neck := fx > w*0.43 && fx < w*0.57 && fy > h*0.5 && fy < h*0.66
			shoulders := fy >= h*0.66 && inEllipse(fx, fy, w/2, h*1.02, w*0.48, h*0.38)
			if head || neck || shoulders {
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic("demo photo: " + err.Error()) // encoding an in-memory image does not fail
	}
	return buf.Bytes()
}
