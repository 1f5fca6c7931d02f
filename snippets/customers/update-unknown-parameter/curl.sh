curl -X POST https://api.vinr.com/v1/customers/cust_8aZ2 \
  -H "X-Api-Key: $VINR_SECRET_KEY" \
  -d nickname=Jen
