"""`consistency explain`: the claims the extractors saw and every decision each rule made."""
