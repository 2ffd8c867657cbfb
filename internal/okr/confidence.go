package okr

// Confidences are the confidences a check-in may give, from best to worst:
// the order forms offer them in.
var Confidences = []Confidence{OnTrack, AtRisk, OffTrack}
